/**
 * The one record of sync state in `storage.local` (each field's meaning: docs/architecture.md, "State").
 * Written only by the service worker; read by the badge, the popup and the content script.
 * Every read goes through `parseSyncState`, so bad or old data becomes defaults field by
 * field and never crashes a reader.
 */

import { isBoolean, isInteger, isNullable, isNumber, isOneOf, isShape, isText, isTime, pick, type Guarded } from './guards.ts';
import { HISTORY_LIMIT, MAX_CONSECUTIVE_FAILURES } from './constants.ts';

export const SYNC_STATE_KEY = 'syncState';
export const SYNC_STATE_VERSION = 1;

/** What one attempt came to. `interrupted`: the worker was stopped mid-request. */
export const OUTCOMES = ['success', 'error', 'rate-limited', 'signed-out', 'forbidden', 'interrupted'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export const TRIGGERS = ['alarm', 'timer', 'manual', 'shortcut', 'page', 'recovery'] as const;
export type Trigger = (typeof TRIGGERS)[number];

const isEpochMs = isNumber(0);
const isShortText = isText(0, 500);
const isClientId = isText(1, 200);
const isHttpStatus = isNullable(isInteger(0, 999));

const isClient = isShape({ id: isClientId, name: isNullable(isShortText) });
export type Client = Guarded<typeof isClient>;

export const isAttempt = isShape({
  at: isTime,
  clientId: isClientId,
  trigger: isOneOf(TRIGGERS),
  outcome: isOneOf(OUTCOMES),
  httpStatus: isHttpStatus,
  durationMs: isNumber(0),
  ordersSynced: isNullable(isInteger(0)),
  message: isNullable(isShortText),
});
export type Attempt = Guarded<typeof isAttempt>;

const contextShape = {
  clientId: isNullable(isClientId),
  clientName: isNullable(isShortText),
  /** `null`: the page did not say; the server's 403 tells us then. */
  isAdmin: isNullable(isBoolean),
};
const isContext = isShape(contextShape);
const isExactContext = isShape(contextShape, true);
export type DashboardContext = Guarded<typeof isContext>;

const isPageSyncNote = isShape({ requestId: isText(1, 100), clientId: isNullable(isClientId) });
export type PageSyncNote = Guarded<typeof isPageSyncNote>;
export const PAGE_SYNC_NOTES = 5;

const isPause = isShape({ user: isBoolean, locked: isBoolean, offline: isBoolean });
const isLease = isShape({ owner: isText(1, 100), expiresAt: isEpochMs });

export interface SyncState {
  version: typeof SYNC_STATE_VERSION;
  /** Last success, ISO. */
  lastSyncAt: string | null;
  /** The client being synced: the pin from settings, else the dashboard's selection. */
  client: Client | null;
  /** What the dashboard last told us. */
  context: DashboardContext;
  pause: {
    user: boolean;
    locked: boolean;
    offline: boolean;
    /** No dashboard tab was open at the last attempt (only matters with that setting on). */
    noDashboardTab: boolean;
  };
  signedOut: boolean;
  /** The server answered 403 for this client; nothing is sent until the context changes. */
  forbiddenClientId: string | null;
  /** Consecutive failures; 0 after a success. */
  consecutiveFailures: number;
  /** No request of any kind before this time (a 429's wait). */
  retryNotBefore: number | null;
  /**
   * No automatic request before this time (the backoff after a failure). Kept while the gate
   * is closed, so resuming, coming back online or unlocking still honours it.
   */
  backoffUntil: number | null;
  /** The dashboard page's own sync is in flight until its answer, or this time at the latest. */
  pageSyncUntil: number | null;
  /**
   * The page's syncs in flight and whose client each is for (from its request body, `null`
   * when unreadable): a worker that starts before an answer still knows whose it is. At most 5.
   */
  pageSyncs: PageSyncNote[];
  /** When the next sync is scheduled; `null` when none is. */
  nextAttemptAt: number | null;
  /** The server's `X-Poll-Interval`, if its last answer had one. */
  serverPollIntervalSeconds: number | null;
  /** Message of the last failed attempt, kept so the status can name it. */
  lastFailure: string | null;
  lastResult: Attempt | null;
  /** Newest last, at most 50. */
  history: Attempt[];
  /** Held while a request is in flight; a stale lease means a worker died mid-sync. */
  lease: { owner: string; expiresAt: number } | null;
  /** The dashboard (origin) these facts are about; `null` in a record from before it was kept. */
  dashboard: string | null;
  /** A 429's wait at the dashboard the address was changed away from, restored on switching back. */
  waitElsewhere: { dashboard: string; until: number } | null;
  /**
   * The system clock when this record was written. The times above are read relative to it:
   * should the clock be set back, they move back with it rather than lying far ahead.
   */
  writtenAt: number | null;
}

export function defaultSyncState(): SyncState {
  return {
    version: SYNC_STATE_VERSION,
    lastSyncAt: null,
    client: null,
    context: { clientId: null, clientName: null, isAdmin: null },
    pause: { user: false, locked: false, offline: false, noDashboardTab: false },
    signedOut: false,
    forbiddenClientId: null,
    consecutiveFailures: 0,
    retryNotBefore: null,
    backoffUntil: null,
    pageSyncUntil: null,
    pageSyncs: [],
    nextAttemptAt: null,
    serverPollIntervalSeconds: null,
    lastFailure: null,
    lastResult: null,
    history: [],
    lease: null,
    dashboard: null,
    waitElsewhere: null,
    writtenAt: null,
  };
}

export function parseSyncState(raw: unknown): SyncState {
  const d = defaultSyncState();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return d;
  const r = raw as Record<string, unknown>;
  // A record from another version is not ours to interpret.
  if (r.version !== SYNC_STATE_VERSION) return d;
  const history = (Array.isArray(r.history) ? r.history : []).filter(isAttempt).slice(-HISTORY_LIMIT);
  const pause = isPause(r.pause)
    ? {
        user: r.pause.user,
        locked: r.pause.locked,
        offline: r.pause.offline,
        noDashboardTab: (r.pause as Record<string, unknown>).noDashboardTab === true,
      }
    : d.pause;
  return {
    version: SYNC_STATE_VERSION,
    // Records 0.1.0 wrote also hold `status` and `error`: derived now (sync-view.ts), so dropped.
    lastSyncAt: pick(isNullable(isTime), r.lastSyncAt, d.lastSyncAt),
    client: pick(isNullable(isClient), r.client, d.client),
    context: pick(isContext, r.context, d.context),
    pause,
    signedOut: pick(isBoolean, r.signedOut, d.signedOut),
    forbiddenClientId: pick(isNullable(isClientId), r.forbiddenClientId, d.forbiddenClientId),
    // Named `attempt` in the records 0.1.0 wrote.
    consecutiveFailures: pick(isInteger(0, MAX_CONSECUTIVE_FAILURES), r.consecutiveFailures ?? r.attempt, d.consecutiveFailures),
    retryNotBefore: pick(isNullable(isEpochMs), r.retryNotBefore, d.retryNotBefore),
    backoffUntil: pick(isNullable(isEpochMs), r.backoffUntil, d.backoffUntil),
    pageSyncUntil: pick(isNullable(isEpochMs), r.pageSyncUntil, d.pageSyncUntil),
    pageSyncs: (Array.isArray(r.pageSyncs) ? r.pageSyncs : []).filter(isPageSyncNote).slice(-PAGE_SYNC_NOTES),
    nextAttemptAt: pick(isNullable(isEpochMs), r.nextAttemptAt, d.nextAttemptAt),
    serverPollIntervalSeconds: pick(isNullable(isInteger(1)), r.serverPollIntervalSeconds, d.serverPollIntervalSeconds),
    lastFailure: pick(isNullable(isShortText), r.lastFailure, d.lastFailure),
    lastResult: pick(isNullable(isAttempt), r.lastResult, d.lastResult),
    history,
    lease: pick(isNullable(isLease), r.lease, d.lease),
    dashboard: pick(isNullable(isShortText), r.dashboard, d.dashboard),
    waitElsewhere: pick(isNullable(isShape({ dashboard: isShortText, until: isEpochMs })), r.waitElsewhere, d.waitElsewhere),
    writtenAt: pick(isNullable(isEpochMs), r.writtenAt, d.writtenAt),
  };
}

/** Exactly the three fields, as the content script sends them. */
export function parseDashboardContext(raw: unknown): DashboardContext | null {
  return isExactContext(raw) ? { clientId: raw.clientId, clientName: raw.clientName, isAdmin: raw.isAdmin } : null;
}

export function clientLabel(client: Client): string {
  return client.name ?? `client ${client.id}`;
}
