/**
 * Admin settings, kept in `storage.sync` apart from the sync state.
 * The type is derived from the defaults; every read is validated field by field.
 */

import { DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS, BUILD_DASHBOARD_URL } from './constants.ts';
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
  return typeof value === 'string' && value.length <= 300 && isAllowedDashboardUrl(value);
}

const FIELD_GUARDS: { [K in keyof Settings]: Guard<Settings[K]> } = {
  dashboardUrl: isWebAddressOrEmpty,
  intervalSeconds: isInteger(MIN_INTERVAL_SECONDS, 24 * 3600),
  clientStorageKey: isText(1, 200),
  pinnedClientId: isText(0, 200),
  pinnedClientName: isText(0, 200),
  pauseWhenLocked: isBoolean,
  onlyWhileDashboardOpen: isBoolean,
  signOutSelector: isText(0, 500),
};

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
