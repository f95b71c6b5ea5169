// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { Options } from '../../src/options/Options.tsx';
import { toFormValues, validate, type FormValues } from '../../src/options/validate.ts';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../src/shared/settings.ts';

const form = (over: Partial<FormValues> = {}): FormValues => ({ ...toFormValues(DEFAULT_SETTINGS), ...over });
const anySelector = () => true;
const errorsOf = (over: Partial<FormValues>, selectorOk: (s: string) => boolean = anySelector) => {
  const result = validate(form(over), selectorOk);
  return result.ok ? {} : result.errors;
};

describe('options validation messages', () => {
  it('accepts the defaults, and an empty dashboard address means the built-in one', () => {
    expect(validate(form(), anySelector)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it('dashboard address: http(s) only, kept as its origin', () => {
    expect(errorsOf({ dashboardUrl: 'ftp://crm.example.com' }).dashboardUrl).toBe(
      'The dashboard address must start with http:// or https://.',
    );
    expect(errorsOf({ dashboardUrl: 'http://crm.example.com' }).dashboardUrl).toBe(
      'Use https://crm.example.com: over plain http:// your dashboard session cookie would travel unencrypted. (http:// is only for localhost.)',
    );
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
      expect(errorsOf({ dashboardUrl: local }).dashboardUrl, local).toBeUndefined();
    }
    expect(errorsOf({ dashboardUrl: 'crm example' }).dashboardUrl).toBe(
      '"crm example" is not a web address. Use the form https://crm.example.com.',
    );
    expect(errorsOf({ dashboardUrl: 'https://admin:pw@crm.example.com' }).dashboardUrl).toBe(
      'The dashboard address must not contain a user name or password.',
    );
    const ok = validate(form({ dashboardUrl: ' https://crm.example.com/visits?x=1 ' }), anySelector);
    expect(ok.ok && ok.settings.dashboardUrl).toBe('https://crm.example.com');
  });

  it('interval: whole seconds from 30 to one day', () => {
    expect(errorsOf({ intervalSeconds: 'soon' }).intervalSeconds).toBe('Enter the interval as a whole number of seconds, for example 60.');
    expect(errorsOf({ intervalSeconds: '1.5' }).intervalSeconds).toBe('Enter the interval as a whole number of seconds, for example 60.');
    expect(errorsOf({ intervalSeconds: '29' }).intervalSeconds).toBe('The interval must be at least 30 seconds.');
    expect(errorsOf({ intervalSeconds: '86401' }).intervalSeconds).toBe('The interval can be at most 86400 seconds (one day).');
    expect(errorsOf({ intervalSeconds: '30' }).intervalSeconds).toBeUndefined();
  });

  it('selected-client key: required, bounded', () => {
    expect(errorsOf({ clientStorageKey: '  ' }).clientStorageKey).toBe(
      'Enter the localStorage key where the dashboard keeps the selected client (usually currentClientId).',
    );
    expect(errorsOf({ clientStorageKey: 'k'.repeat(201) }).clientStorageKey).toBe('The key can be at most 200 characters long.');
  });

  it('pinned client: a name needs an id; ids have no spaces', () => {
    expect(errorsOf({ pinnedClientName: 'Bella' }).pinnedClientId).toBe('Enter the id of the client to pin, or clear the name.');
    expect(errorsOf({ pinnedClientId: 'c bella' }).pinnedClientId).toBe('A client id has no spaces.');
    expect(errorsOf({ pinnedClientId: 'x'.repeat(201) }).pinnedClientId).toBe('The client id can be at most 200 characters long.');
    expect(errorsOf({ pinnedClientId: 'c-bella', pinnedClientName: 'n'.repeat(201) }).pinnedClientName).toBe(
      'The name can be at most 200 characters long.',
    );
  });

  it('Sign Out selector: must parse', () => {
    expect(errorsOf({ signOutSelector: 'button[' }, () => false).signOutSelector).toBe('"button[" is not a valid CSS selector.');
  });
});

describe('options page', () => {
  let requested: string[][] = [];
  let grant = true;

  beforeEach(() => {
    requested = [];
    grant = true;
    Object.assign(fakeBrowser, {
      permissions: {
        request: ({ origins }: { origins: string[] }) => {
          requested.push(origins);
          return Promise.resolve(grant);
        },
      },
    });
  });
  afterEach(() => cleanup());

  async function open(): Promise<void> {
    render(<Options />);
    await screen.findByLabelText('Dashboard address');
  }

  async function save(): Promise<void> {
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await new Promise((r) => setTimeout(r, 0));
    });
  }

  const stored = async () => (await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY];

  it('shows every invalid field at once, marks it, focuses the first and saves nothing', async () => {
    await open();
    fireEvent.change(screen.getByLabelText('Sync every (seconds)'), { target: { value: '10' } });
    fireEvent.change(screen.getByLabelText('Sign Out button selector'), { target: { value: 'button[' } });
    await save();
    const interval = screen.getByLabelText('Sync every (seconds)');
    expect(interval.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The interval must be at least 30 seconds.')).toBeTruthy();
    expect(screen.getByText('"button[" is not a valid CSS selector.')).toBeTruthy();
    expect(document.activeElement?.getAttribute('name')).toBe('signOutSelector');
    expect(await stored()).toBeUndefined();
    expect(requested).toEqual([]);
  });

  it('asks Chrome for the new dashboard and saves to storage.sync when granted', async () => {
    await open();
    fireEvent.change(screen.getByLabelText('Dashboard address'), { target: { value: 'https://crm.example.com/visits' } });
    fireEvent.change(screen.getByLabelText('Sync every (seconds)'), { target: { value: '90' } });
    await save();
    expect(requested).toEqual([['https://crm.example.com/*']]);
    expect(await stored()).toMatchObject({ dashboardUrl: 'https://crm.example.com', intervalSeconds: 90 });
    expect(screen.getByRole('status').textContent).toBe(
      'Saved. Syncing with https://crm.example.com every 90 seconds follows these settings now.',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Dashboard address').value).toBe('https://crm.example.com');
  });

  it('explains a denied permission and saves nothing', async () => {
    grant = false;
    await open();
    fireEvent.change(screen.getByLabelText('Dashboard address'), { target: { value: 'https://crm.example.com' } });
    await save();
    expect(await stored()).toBeUndefined();
    expect(screen.getByRole('alert').textContent).toBe(
      'Chrome did not give the extension access to https://crm.example.com, so nothing was saved: without that access it cannot reach the dashboard there. Click Save again and choose “Allow”.',
    );
  });

  it('loads what is stored, and pins a client', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, intervalSeconds: 120, pauseWhenLocked: false } });
    await open();
    expect(screen.getByLabelText<HTMLInputElement>('Sync every (seconds)').value).toBe('120');
    expect(screen.getByLabelText<HTMLInputElement>('Pause while the screen is locked').checked).toBe(false);
    fireEvent.change(screen.getByLabelText('Client id'), { target: { value: 'c-harbor' } });
    fireEvent.change(screen.getByLabelText('Client name'), { target: { value: 'Harbor Grill' } });
    fireEvent.click(screen.getByLabelText('Sync only while a dashboard tab is open'));
    await save();
    expect(await stored()).toMatchObject({
      intervalSeconds: 120,
      pinnedClientId: 'c-harbor',
      pinnedClientName: 'Harbor Grill',
      onlyWhileDashboardOpen: true,
      pauseWhenLocked: false,
    });
    expect(requested).toEqual([['http://localhost:3000/*', 'http://127.0.0.1:3000/*']]);
  });

  it('shows policy-set fields read-only with their policy value, keeps the admin’s own values underneath, and follows a policy change', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, intervalSeconds: 90, pinnedClientId: 'mine' } });
    await fakeBrowser.storage.managed.set({ intervalSeconds: 300, pauseWhenLocked: false, dashboardUrl: 'https://crm.example.com' });
    await open();
    const interval = screen.getByLabelText<HTMLInputElement>('Sync every (seconds)');
    expect(interval.value).toBe('300');
    expect(interval.readOnly).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Pause while the screen is locked').disabled).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Dashboard address').value).toBe('https://crm.example.com');
    expect(screen.getAllByText('Set by your organization.')).toHaveLength(3);
    // The admin's own fields stay editable.
    expect(screen.getByLabelText<HTMLInputElement>('Client id').readOnly).toBe(false);
    fireEvent.change(screen.getByLabelText('Client name'), { target: { value: 'Mine' } });
    await save();
    // Access is asked for the dashboard in force (the policy's), and the admin's own interval is kept.
    expect(requested).toEqual([['https://crm.example.com/*']]);
    expect(await stored()).toMatchObject({ intervalSeconds: 90, pinnedClientId: 'mine', pinnedClientName: 'Mine', dashboardUrl: '' });
    expect(screen.getByRole('status').textContent).toBe(
      'Saved. Syncing with https://crm.example.com every 300 seconds follows these settings now.',
    );

    // IT lifts the interval and sets a value this extension cannot use.
    await act(async () => {
      await fakeBrowser.storage.managed.remove('intervalSeconds');
      await fakeBrowser.storage.managed.set({ signOutSelector: 42 });
      await new Promise((r) => setTimeout(r, 0));
    });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Sync every (seconds)').readOnly).toBe(false));
    expect(screen.getByLabelText<HTMLInputElement>('Sync every (seconds)').value).toBe('90');
    expect(screen.getByRole('note').textContent).toBe(
      'Your organization’s policy sets the Sign Out button selector to a value this extension cannot use, so it is ignored. Ask your IT department to correct it.',
    );
  });
});
