/**
 * Build-time settings, read from the environment by vite.config.ts, vitest.config.ts and
 * manifest.config.ts so the three agree.
 */
import { parseDashboardOrigin } from './src/shared/dashboard-origin.ts';

export function dashboardBuildUrl(): string {
  const raw = process.env.DASHBOARD_URL ?? 'http://localhost:3000';
  const parsed = parseDashboardOrigin(raw);
  if (!parsed.ok) throw new Error(`DASHBOARD_URL: ${parsed.message}`);
  return parsed.origin;
}

/** 30 s in every build users get; the end-to-end build may lower it to keep tests short. */
export function minIntervalSeconds(): number {
  const raw = process.env.TOAST_SYNC_MIN_INTERVAL;
  if (raw === undefined || raw === '') return 30;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error('TOAST_SYNC_MIN_INTERVAL must be a whole number of seconds ≥ 1');
  return value;
}

/** 25 s in every build users get (Chromium stops a worker whose fetch passes 30 s). */
export function syncTimeoutMs(): number {
  const raw = process.env.TOAST_SYNC_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 25_000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 500 || value > 25_000) {
    throw new Error('TOAST_SYNC_TIMEOUT_MS must be a whole number of milliseconds from 500 to 25000');
  }
  return value;
}

export function buildDefines(): Record<string, string> {
  return {
    __DASHBOARD_URL__: JSON.stringify(dashboardBuildUrl()),
    __MIN_INTERVAL_SECONDS__: String(minIntervalSeconds()),
    __SYNC_TIMEOUT_MS__: String(syncTimeoutMs()),
  };
}
