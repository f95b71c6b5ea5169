/**
 * Admin settings, kept in `storage.sync` apart from the sync state.
 * The type is derived from the defaults; every read is validated field by field.
 */

import * as v from 'valibot';
import { DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS, BUILD_DASHBOARD_URL } from './constants.ts';
import { parseDashboardOrigin } from './dashboard-origin.ts';

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

const FIELD_SCHEMAS: { [K in keyof Settings]: v.GenericSchema<unknown, Settings[K]> } = {
  dashboardUrl: v.pipe(
    v.string(),
    v.check((s) => s === '' || parseDashboardOrigin(s).ok),
  ),
  intervalSeconds: v.pipe(v.number(), v.integer(), v.minValue(MIN_INTERVAL_SECONDS), v.maxValue(24 * 3600)),
  clientStorageKey: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  pinnedClientId: v.pipe(v.string(), v.maxLength(200)),
  pinnedClientName: v.pipe(v.string(), v.maxLength(200)),
  pauseWhenLocked: v.boolean(),
  onlyWhileDashboardOpen: v.boolean(),
  signOutSelector: v.pipe(v.string(), v.maxLength(500)),
};

export function parseSettings(raw: unknown): Settings {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(FIELD_SCHEMAS) as (keyof Settings)[]) {
    const result = v.safeParse(FIELD_SCHEMAS[key], r[key]);
    if (result.success) (out as Record<string, unknown>)[key] = result.output;
  }
  return out;
}

/** The origin the extension talks to: the admin's choice, else the build default. */
export function dashboardOrigin(settings: Settings): string {
  const chosen = settings.dashboardUrl === '' ? BUILD_DASHBOARD_URL : settings.dashboardUrl;
  const parsed = parseDashboardOrigin(chosen);
  return parsed.ok ? parsed.origin : new URL(BUILD_DASHBOARD_URL).origin;
}

export function pinnedClient(settings: Settings): { id: string; name: string | null } | null {
  const id = settings.pinnedClientId.trim();
  if (id === '') return null;
  const name = settings.pinnedClientName.trim();
  return { id, name: name === '' ? null : name };
}
