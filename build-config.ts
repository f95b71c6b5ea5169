/**
 * Build-time settings, read from the environment by vite.config.ts, vitest.config.ts and
 * manifest.config.ts so the three agree.
 */
import { createHash } from 'node:crypto';
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

/**
 * The public half of the development signing key. With it in the manifest every unpacked
 * build (npm run build, the end-to-end build, the demo) has the same extension ID on every
 * machine and checkout, so a dashboard can allow-list its Origin once. The private half is
 * not needed for unpacked builds and is kept nowhere. Store packages never carry it: the
 * store assigns its own ID.
 */
export const DEV_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuPZx5tpDn8d+KjeUhNGmKIkoe+an6uSpm3jtvo/F8cqqHzLpvhpk/rJgEEfeS3vZMKUYTWWi1GyOddU2UsyPwq2GxR+lCWA9lqk68dOncQ30ols/ELx+w0ZYp+WoX9RmCnr7vqOEVNFOJfC8P6lqLzmY6qomc1sfpV+LUzuUs9pGPqztkhgK+nxypPOi7Wo+5NhCnBhjy8TqsHvlN1GT+f9AEGRt0DPJrgkHzsUzlWv7EziSibuc2Oso9oW/dCAwvghcgYZb6xT0Zp2aO7sv/v7tvJt8WOcJNLnUvc45fjl5EBpeOuJSmzhiD3ZMA0s3SavHHCFwiy/0PZ98WDIKPwIDAQAB';

/** Chromium's ID for a manifest key: the first 128 bits of its SHA-256, written with the letters a–p. */
export function extensionIdFromKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex');
  return [...digest.slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** A store package (npm run package): no dev key, https-only optional hosts, no test-only settings. */
export function isReleaseBuild(): boolean {
  return process.env.TOAST_SYNC_RELEASE === '1';
}

/**
 * Other dashboard addresses the admin may grant later from the options page. Store builds ask
 * only for https; unpacked builds may also reach a dashboard on this machine over plain http
 * (a pattern without a port matches every port).
 */
export function optionalHostPatterns(release = isReleaseBuild()): string[] {
  return release ? ['https://*/*'] : ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*'];
}

/** The browser a build is for: `TOAST_SYNC_BROWSER=firefox` (npm run build:firefox), else Chrome. */
export type TargetBrowser = 'chrome' | 'firefox';

export function targetBrowser(): TargetBrowser {
  const raw = process.env.TOAST_SYNC_BROWSER ?? 'chrome';
  if (raw !== 'chrome' && raw !== 'firefox') throw new Error('TOAST_SYNC_BROWSER must be chrome or firefox');
  return raw;
}

/** Where a build goes unless TOAST_SYNC_OUT_DIR says otherwise. */
export function defaultOutDir(browser = targetBrowser()): string {
  return browser === 'firefox' ? 'dist-firefox' : 'dist';
}

/**
 * The add-on's ID in Firefox (browser_specific_settings.gecko.id): fixed, so an update on
 * addons.mozilla.org replaces the installed add-on and company policy can name it.
 */
export const GECKO_ID = 'toast-sync-companion@crm-tools.example';
/**
 * 140 is the first ESR that reads data_collection_permissions (addons.mozilla.org requires the
 * key from new add-ons) and runs MAIN-world content scripts and storage.session.
 */
export const GECKO_MIN_VERSION = '140.0';
export const GECKO_ANDROID_MIN_VERSION = '142.0';

export function buildDefines(): Record<string, string> {
  return {
    __TARGET_BROWSER__: JSON.stringify(targetBrowser()),
    __DASHBOARD_URL__: JSON.stringify(dashboardBuildUrl()),
    __MIN_INTERVAL_SECONDS__: String(minIntervalSeconds()),
    __SYNC_TIMEOUT_MS__: String(syncTimeoutMs()),
  };
}
