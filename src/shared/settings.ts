/**
 * Admin settings, kept in `storage.sync` apart from the sync state, and the company policy
 * over them (`storage.managed`, one key per setting, schema in public/managed-schema.json).
 * Precedence: policy > the admin's own choice > default. The type is derived from the
 * defaults; every read is validated field by field.
 */

import {
  BUILD_DASHBOARD_URL,
  DEFAULT_INTERVAL_SECONDS,
  MAX_DASHBOARD_URL_LENGTH,
  MAX_ID_LENGTH,
  MAX_INTERVAL_SECONDS,
  MAX_SELECTOR_LENGTH,
  MIN_INTERVAL_SECONDS,
} from './constants.ts';
import { isBoolean, isInteger, isText, type Guard } from './guards.ts';
import { isAllowedDashboardUrl } from './dashboard-origin.ts';

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS = {
  /** Empty: the build-time default (`DASHBOARD_URL`, else http://localhost:3000). */
  dashboardUrl: '',
  intervalSeconds: DEFAULT_INTERVAL_SECONDS,
  clientStorageKey: 'currentClientId',
  pinnedClientId: '',
  pinnedClientName: '',
  pauseWhenLocked: true,
  onlyWhileDashboardOpen: false,
  /** Empty: a button or link reading "Sign Out", "Sign out" or "Log out". */
  signOutSelector: '',
};

export type Settings = typeof DEFAULT_SETTINGS;

/** A dashboard address the options page would accept (its messages live in dashboard-origin.ts). */
function isWebAddressOrEmpty(value: unknown): value is string {
  if (value === '') return true;
  return typeof value === 'string' && value.length <= MAX_DASHBOARD_URL_LENGTH && isAllowedDashboardUrl(value);
}

const FIELD_GUARDS: { [K in keyof Settings]: Guard<Settings[K]> } = {
  dashboardUrl: isWebAddressOrEmpty,
  intervalSeconds: isInteger(MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS),
  clientStorageKey: isText(1, MAX_ID_LENGTH),
  pinnedClientId: isText(0, MAX_ID_LENGTH),
  pinnedClientName: isText(0, MAX_ID_LENGTH),
  pauseWhenLocked: isBoolean,
  onlyWhileDashboardOpen: isBoolean,
  signOutSelector: isText(0, MAX_SELECTOR_LENGTH),
};

/** The settings a company policy may set; the rest stay the admin's. */
export const MANAGED_KEYS = [
  'dashboardUrl',
  'intervalSeconds',
  'clientStorageKey',
  'pinnedClientId',
  'pinnedClientName',
  'pauseWhenLocked',
  'onlyWhileDashboardOpen',
  'signOutSelector',
] as const satisfies readonly (keyof Settings)[];

export type ManagedSettings = Partial<Settings>;

/**
 * What the policy sets, valid fields only: a policy value that fails its check is left out
 * (the admin's own value holds) rather than trusted. An empty dashboard address sets nothing.
 */
export function parseManagedSettings(raw: unknown): ManagedSettings {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of MANAGED_KEYS) {
    const given = r[key];
    const value = typeof given === 'string' ? given.trim() : given;
    if (key === 'dashboardUrl' && value === '') continue;
    if (FIELD_GUARDS[key](value)) out[key] = value;
  }
  return out;
}

/** Policy keys present but unusable, so the options page can say which ones it ignored. */
export function rejectedManagedKeys(raw: unknown): (keyof Settings)[] {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const kept = parseManagedSettings(raw);
  return MANAGED_KEYS.filter((key) => r[key] !== undefined && !(key in kept));
}

export function effectiveSettings(own: Settings, managed: ManagedSettings): Settings {
  return { ...own, ...managed };
}

/**
 * The policy as it was before a `storage.onChanged` event for the managed area: the current
 * policy with the changed keys put back. Chromium reports a policy change with new values only
 * (measured on Chromium 156): a changed key whose old value is not given counts as unset before,
 * which is harmless since the engine compares clients against its own record first.
 */
export function managedBefore(
  current: Record<string, unknown>,
  changes: Record<string, { oldValue?: unknown; newValue?: unknown }>,
): Record<string, unknown> {
  const before = { ...current };
  for (const [key, change] of Object.entries(changes)) {
    if (change.oldValue === undefined || change.oldValue === null) delete before[key];
    else before[key] = change.oldValue;
  }
  return before;
}

/** A policy that arrived late, told as the storage change it amounts to. */
export function policyChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { oldValue?: unknown; newValue?: unknown }> {
  const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { oldValue: before[key], newValue: after[key] };
  }
  return changes;
}

/**
 * The settings in force just before and just after one `storage.onChanged` event, from the
 * event and the layers read after it. The admin's own values come from the event itself (a
 * later save may already be in storage); the policy's old values are put back from it.
 */
export function settingsAroundChange(
  ownNow: Settings,
  managedRawNow: Record<string, unknown>,
  changes: Record<string, { oldValue?: unknown; newValue?: unknown }>,
  area: string,
): { previous: Settings; next: Settings } {
  if (area === 'managed') {
    return {
      previous: effectiveSettings(ownNow, parseManagedSettings(managedBefore(managedRawNow, changes))),
      next: effectiveSettings(ownNow, parseManagedSettings(managedRawNow)),
    };
  }
  const managed = parseManagedSettings(managedRawNow);
  const change = changes[SETTINGS_KEY];
  return {
    previous: effectiveSettings(parseSettings(change?.oldValue), managed),
    next: effectiveSettings(parseSettings(change?.newValue), managed),
  };
}

export function parseSettings(raw: unknown): Settings {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(FIELD_GUARDS) as (keyof Settings)[]) {
    if (FIELD_GUARDS[key](r[key])) out[key] = r[key];
  }
  return out as Settings;
}

/** The origin the extension talks to: the admin's choice, else the build default. */
export function dashboardOrigin(settings: Settings): string {
  const chosen = settings.dashboardUrl !== '' && isWebAddressOrEmpty(settings.dashboardUrl) ? settings.dashboardUrl : BUILD_DASHBOARD_URL;
  return new URL(chosen).origin;
}

export function pinnedClient(settings: Settings): { id: string; name: string | null } | null {
  const id = settings.pinnedClientId.trim();
  if (id === '') return null;
  const name = settings.pinnedClientName.trim();
  return { id, name: name === '' ? null : name };
}
