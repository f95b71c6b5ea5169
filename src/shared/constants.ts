/** The numbers of the dashboard contract (docs/dashboard-contract.md) and of the engine's schedule, in one place. */

export const SYNC_ALARM = 'toast-sync';
/** The keyboard command (manifest `commands`), Alt+Shift+S by default. */
export const SYNC_NOW_COMMAND = 'sync-now';
export const SYNC_PATH = '/api/toast/sync';

/**
 * Chromium stops a worker whose fetch takes over 30 s, so give up at 25 s. (The end-to-end
 * build shortens it to keep the suite fast; see build-config.ts.)
 */
export const SYNC_TIMEOUT_MS = __SYNC_TIMEOUT_MS__;
/** How long a `syncing` status may stand before anyone may call it stale. */
export const SYNC_LEASE_MS = SYNC_TIMEOUT_MS + 5_000;

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 32_000;
export const JITTER_MAX_MS = 1_000;
export const RETRY_AFTER_CAP_MS = 15 * 60_000;
/**
 * Sync Now sends nothing within this long after a completed sync of the client, or after the
 * last manual request: a burst of clicks is one request, and an admin never costs a Toast pull
 * more than every 10 s.
 */
export const MANUAL_FLOOR_MS = 10_000;
/** A floor under every retry, so a server answering `Retry-After: 0` cannot make us spin. */
export const MIN_RETRY_MS = 1_000;
/** A hostile or buggy `X-Poll-Interval` must not silence sync for days. */
export const MAX_POLL_INTERVAL_SECONDS = 60 * 60;

/** Packed builds clamp alarms to 30 s; shorter steps also get a timer in the live worker. */
export const ALARM_MIN_DELAY_MS = 30_000;

export const HISTORY_LIMIT = 50;

/**
 * The consecutive-failure count stops here (backoff reached its cap long before): a client
 * without a Toast integration fails every minute for good, and the count must stay valid.
 */
export const MAX_CONSECUTIVE_FAILURES = 1000;

export const DEFAULT_INTERVAL_SECONDS = 60;
/** 30 s in every shipped build; end-to-end builds may lower it (vite.config.ts). */
export const MIN_INTERVAL_SECONDS = __MIN_INTERVAL_SECONDS__;
/** One day: a longer interval is a sync turned off, which Pause says better. */
export const MAX_INTERVAL_SECONDS = 24 * 3600;

/**
 * Lengths the settings, the options form and the page's context are held to: far above any
 * real value, low enough that a hostile or corrupted one cannot bloat storage or messages.
 */
export const MAX_ID_LENGTH = 200;
export const MAX_SELECTOR_LENGTH = 500;
export const MAX_DASHBOARD_URL_LENGTH = 300;

export const BUILD_DASHBOARD_URL = __DASHBOARD_URL__;
