/**
 * The options page. Settings live in storage.sync, validated on the way in and out; the worker
 * follows every change at once. A new dashboard address asks the browser for access to it first.
 * Fields the company policy sets are shown read-only with the policy's value; saving keeps
 * the admin's own value for them underneath, which applies again if the policy is lifted.
 */

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { BROWSER_NAME, KNOWS_SCREEN_LOCK } from '../shared/target-browser.ts';
import { BUILD_DASHBOARD_URL } from '../shared/constants.ts';
import { dashboardOrigin, effectiveSettings, rejectedManagedKeys, type ManagedSettings } from '../shared/settings.ts';
import { requestDashboardAccess } from '../ui/dashboard-access.ts';
import { stored } from '../ui/page-stored.ts';
import { domSelectorCheck, toFormValues, validate, type FieldErrors, type FormValues } from './validate.ts';

type TextField = Exclude<keyof FormValues, 'pauseWhenLocked' | 'onlyWhileDashboardOpen'>;

const BY_POLICY = 'Set by your organization';

/** How the page names each setting when it must mention one on its own. */
const LABELS: Record<string, string> = {
  dashboardUrl: 'the dashboard address',
  intervalSeconds: 'the sync interval',
  clientStorageKey: 'the selected-client key',
  pinnedClientId: 'the pinned client id',
  pinnedClientName: 'the pinned client name',
  pauseWhenLocked: 'pause while the screen is locked',
  onlyWhileDashboardOpen: 'sync only while a dashboard tab is open',
  signOutSelector: 'the Sign Out button selector',
};

/** The policy's value for a field, as the form would show it; `undefined` when the admin decides. */
function policyValue<K extends keyof FormValues>(managed: ManagedSettings, name: K): FormValues[K] | undefined {
  const value = managed[name];
  if (value === undefined) return undefined;
  return (typeof value === 'number' ? String(value) : value) as FormValues[K];
}

function Field(props: {
  name: TextField;
  label: string;
  help: ReactNode;
  values: FormValues;
  errors: FieldErrors;
  managed: ManagedSettings;
  onChange: (name: TextField, value: string) => void;
  placeholder?: string;
  inputMode?: 'url' | 'numeric' | 'text';
}) {
  const id = useId();
  const error = props.errors[props.name];
  const locked = policyValue(props.managed, props.name);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="text"
        inputMode={props.inputMode ?? 'text'}
        autoComplete="off"
        spellCheck={false}
        value={locked ?? props.values[props.name]}
        readOnly={locked !== undefined}
        placeholder={props.placeholder}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-help${error === undefined ? '' : ` ${id}-error`}`}
        onChange={(e) => props.onChange(props.name, e.target.value)}
      />
      <p id={`${id}-help`} className="help">
        {locked !== undefined ? <span className="policy">{BY_POLICY}. </span> : null}
        {props.help}
      </p>
      {error !== undefined && (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Check(props: {
  name: 'pauseWhenLocked' | 'onlyWhileDashboardOpen';
  label: string;
  help: string;
  values: FormValues;
  managed: ManagedSettings;
  onChange: (value: boolean) => void;
}) {
  const id = useId();
  const locked = policyValue(props.managed, props.name);
  return (
    <div className="check">
      <input
        id={id}
        name={props.name}
        type="checkbox"
        checked={locked ?? props.values[props.name]}
        disabled={locked !== undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={id}>{props.label}</label>
        <p id={`${id}-help`} className="help">
          {locked !== undefined ? <span className="policy">{BY_POLICY}. </span> : null}
          {props.help}
        </p>
      </div>
    </div>
  );
}

export function Options() {
  const [values, setValues] = useState<FormValues | null>(null);
  const [managed, setManaged] = useState<ManagedSettings>({});
  /** Policy keys whose values were unusable and are ignored. */
  const [ignored, setIgnored] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string>('');
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  /** Bumped by a failed save: after React has marked the fields, focus the first bad one. */
  const [failedSaves, setFailedSaves] = useState(0);

  useEffect(() => {
    if (failedSaves > 0) formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [failedSaves]);

  useEffect(() => {
    const controller = new AbortController();
    stored.readSettingsLayers().then(
      (layers) => {
        setValues(toFormValues(layers.own));
        setManaged(layers.managed);
        setIgnored(rejectedManagedKeys(layers.managedRaw));
      },
      () => setStatus('Could not read the settings; showing the defaults.'),
    );
    // A policy change shows at once; the admin's unsaved edits stay as they are.
    stored.watchSettingsLayers((layers) => {
      setManaged(layers.managed);
      setIgnored(rejectedManagedKeys(layers.managedRaw));
    }, controller.signal);
    return () => controller.abort();
  }, []);

  if (values === null) return <main className="options" aria-busy="true" />;

  const change = <K extends keyof FormValues>(name: K, value: FormValues[K]): void => {
    setValues({ ...values, [name]: value });
    setStatus('');
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (values === null) return;
    const result = validate(values, domSelectorCheck);
    if (!result.ok) {
      setErrors(result.errors);
      setStatus('Nothing was saved: please correct the marked fields.');
      setFailedSaves((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      const origin = dashboardOrigin(effectiveSettings(result.settings, managed));
      // Asked before any other await: the browser only shows the prompt during the click.
      if (!(await requestDashboardAccess(origin))) {
        setErrors({
          dashboardUrl: `${BROWSER_NAME} did not give the extension access to ${origin}, so nothing was saved: without that access it cannot reach the dashboard there. Click Save again and choose “Allow”.`,
        });
        setStatus('Nothing was saved.');
        setFailedSaves((n) => n + 1);
        return;
      }
      const saved = await stored.saveSettings(result.settings);
      setValues(toFormValues(saved));
      setErrors({});
      const inForce = effectiveSettings(saved, managed);
      setStatus(`Saved. Syncing with ${origin} every ${inForce.intervalSeconds} seconds follows these settings now.`);
    } catch (error) {
      setStatus(`Could not save: ${error instanceof Error ? error.message : 'unknown error'}.`);
    } finally {
      setSaving(false);
    }
  }

  const text = (name: TextField, value: string): void => change(name, value);

  return (
    <main className="options">
      <header>
        <h1>Toast Sync Companion</h1>
        <p className="muted">Settings are kept in your browser profile and take effect at once.</p>
        {Object.keys(managed).length > 0 && (
          <p className="policy-note">Some settings are managed by your organization and cannot be changed here.</p>
        )}
        {ignored.length > 0 && (
          <p className="policy-note" role="note">
            Your organization’s policy sets {ignored.map((key) => LABELS[key] ?? key).join(', ')} to a value this extension cannot use, so{' '}
            {ignored.length === 1 ? 'it is' : 'they are'} ignored. Ask your IT department to correct it.
          </p>
        )}
      </header>
      <form ref={formRef} noValidate onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>Dashboard</legend>
          <Field
            name="dashboardUrl"
            label="Dashboard address"
            inputMode="url"
            placeholder={BUILD_DASHBOARD_URL}
            help={
              <>
                Leave empty for the address this extension was built for, {BUILD_DASHBOARD_URL}. {BROWSER_NAME} asks once for access to a
                new address.
              </>
            }
            values={values}
            errors={errors}
            managed={managed}
            onChange={text}
          />
          <Field
            name="clientStorageKey"
            label="Selected-client key"
            help="The dashboard page's localStorage key that holds the selected client's id."
            values={values}
            errors={errors}
            managed={managed}
            onChange={text}
          />
          <Field
            name="signOutSelector"
            label="Sign Out button selector"
            placeholder='button or link reading "Sign Out"'
            help="Where the sidebar indicator goes (just above it). Leave empty unless the dashboard's button reads differently."
            values={values}
            errors={errors}
            managed={managed}
            onChange={text}
          />
        </fieldset>
        <fieldset>
          <legend>Sync</legend>
          <Field
            name="intervalSeconds"
            label="Sync every (seconds)"
            inputMode="numeric"
            help="At least 30 seconds. The dashboard may ask for longer."
            values={values}
            errors={errors}
            managed={managed}
            onChange={text}
          />
          {KNOWS_SCREEN_LOCK ? (
            <Check
              name="pauseWhenLocked"
              label="Pause while the screen is locked"
              help="Sync resumes as soon as you unlock."
              values={values}
              managed={managed}
              onChange={(v) => change('pauseWhenLocked', v)}
            />
          ) : (
            <p className="help">{BROWSER_NAME} does not tell add-ons when the screen is locked, so sync carries on while it is.</p>
          )}
          <Check
            name="onlyWhileDashboardOpen"
            label="Sync only while a dashboard tab is open"
            help="Off: sync keeps running with no dashboard tab open."
            values={values}
            managed={managed}
            onChange={(v) => change('onlyWhileDashboardOpen', v)}
          />
        </fieldset>
        <fieldset>
          <legend>Pinned client</legend>
          <p className="help">A pinned client is synced whatever client the dashboard page has selected.</p>
          <Field
            name="pinnedClientId"
            label="Client id"
            help="Empty: follow the dashboard's selection."
            values={values}
            errors={errors}
            managed={managed}
            onChange={text}
          />
          <Field
            name="pinnedClientName"
            label="Client name"
            help="Shown in the badge and the popup."
            values={values}
            errors={errors}
            managed={managed}
            onChange={text}
          />
        </fieldset>
        <div className="save">
          <button type="submit" className="button primary" disabled={saving} aria-busy={saving}>
            {saving && <span className="spinner small" aria-hidden="true" />}
            Save
          </button>
          <p className="status" role="status" aria-live="polite">
            {status}
          </p>
        </div>
      </form>
    </main>
  );
}
