/**
 * State transitions of the sync engine. Pure functions of (state, facts) → state: the clock,
 * randomness and settings come in as arguments, so every rule is testable without a browser.
 */

import { afterWaitJitterMs, backoffDelayMs, errorRetryDelayMs, longestErrorWaitMs } from '../shared/backoff.ts';
import {
  HISTORY_LIMIT,
  MANUAL_FLOOR_MS,
  MAX_CONSECUTIVE_FAILURES,
  MIN_INTERVAL_SECONDS,
  MIN_RETRY_MS,
  RETRY_AFTER_CAP_MS,
  SYNC_LEASE_MS,
} from '../shared/constants.ts';
import { dashboardOrigin, type Settings } from '../shared/settings.ts';
import { INTERRUPTED_MESSAGE } from '../shared/sync-view.ts';
import { PAGE_SYNC_NOTES, type Attempt, type DashboardContext, type SyncState, type Trigger } from '../shared/sync-state.ts';
import type { SyncRequestResult } from './sync-request.ts';
import { effectiveClient, evaluateGate } from '../shared/gate.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export function intervalMs(state: SyncState, settings: Settings): number {
  const seconds = Math.max(settings.intervalSeconds, MIN_INTERVAL_SECONDS, state.serverPollIntervalSeconds ?? 0);
  return seconds * 1000;
}

/** One more consecutive failure, within the counter's valid range. */
const failedAgain = (failures: number): number => Math.min(failures + 1, MAX_CONSECUTIVE_FAILURES);

/** A time that is still ahead, else `null`: a wait in force, a plan still pending. */
const ahead = (at: number | null, now: number): number | null => (at !== null && at > now ? at : null);

/**
 * When to sync after a 429: at the end of its wait; when the server named that wait (a fleet
 * may have been told the same time) a little after it, so they do not all come back at once.
 */
function afterRateLimit(until: number, named: boolean, state: SyncState, settings: Settings, random: () => number): number {
  return named ? until + afterWaitJitterMs(intervalMs(state, settings), random) : until;
}

/** The earliest an automatic sync may go: now, and never inside a wait that is in force. */
function earliest(state: SyncState, now: number): number {
  return Math.max(now, state.retryNotBefore ?? 0, state.backoffUntil ?? 0);
}

/**
 * A 429's wait: from its answer, the server's own (else the backoff curve's) but never under the
 * floor, and a longer wait already in force still holds. `after`: when to sync once it is over.
 */
function rateLimitWait(
  state: SyncState,
  answeredAt: number,
  serverDelayMs: number | null,
  now: number,
  settings: Settings,
  random: () => number,
): { until: number; after: number } {
  const delay = Math.max(MIN_RETRY_MS, serverDelayMs ?? backoffDelayMs(state.consecutiveFailures, random));
  const until = Math.max(answeredAt + delay, ahead(state.retryNotBefore, now) ?? 0);
  return { until, after: afterRateLimit(until, serverDelayMs !== null, state, settings, random) };
}

/**
 * A success for the client being synced, whoever sent it: the session works, failures and their
 * backoff are over, and the next sync is an interval after the data's own time (`ageMs` old).
 * A 429's wait that began while the request was out (the page got one) still holds.
 */
function succeeded(state: SyncState, ageMs: number, now: number, settings: Settings, random: () => number): SyncState {
  const inForce = ahead(state.retryNotBefore, now);
  const s: SyncState = {
    ...state,
    signedOut: false,
    forbiddenClientId: null,
    consecutiveFailures: 0,
    backoffUntil: null,
    lastFailure: null,
    retryNotBefore: inForce,
    lastSyncAt: iso(now - ageMs),
  };
  return { ...s, nextAttemptAt: Math.max(nextAfterSuccess(s, settings, now, ageMs, random), inForce ?? 0) };
}

function lastSuccessAt(history: Attempt[], clientId: string): string | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i];
    if (entry !== undefined && entry.clientId === clientId && entry.outcome === 'success') return entry.at;
  }
  return null;
}

/** When the latest success was answered (`lastSyncAt` may be older: a cached sync's own time). */
function lastSuccessAnsweredAt(history: Attempt[]): number {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i];
    if (entry?.outcome === 'success') return Date.parse(entry.at) + entry.durationMs;
  }
  return -Infinity;
}

/**
 * When the latest answer on record came, ignoring times ahead of `now` (written before the clock
 * was set back) and interrupted syncs (no answer came; they are dated when found, not when cut off).
 */
function lastAnsweredAt(history: Attempt[], now: number): number {
  let latest = -Infinity;
  for (const entry of history) {
    if (entry.outcome === 'interrupted') continue;
    const answered = Date.parse(entry.at) + entry.durationMs;
    if (answered <= now && answered > latest) latest = answered;
  }
  return latest;
}

/** An older attempt learnt late goes before the newer ones it missed; the latest result stays the latest. */
function inOrder(history: Attempt[], entry: Attempt): Attempt[] {
  const at = Date.parse(entry.at);
  let i = history.length;
  while (i > 0 && Date.parse(history[i - 1]?.at ?? '') > at) i--;
  return [...history.slice(0, i), entry, ...history.slice(i)].slice(-HISTORY_LIMIT);
}

function withHistory(state: SyncState, entry: Attempt): SyncState {
  return { ...state, lastResult: entry, history: [...state.history, entry].slice(-HISTORY_LIMIT) };
}

/** The record speaks for the client the settings and the page make effective now (a pin wins). */
export function withEffectiveClient(state: SyncState, settings: Settings): SyncState {
  return { ...state, client: effectiveClient(state, settings) };
}

/**
 * After any change of context, pause, sign-in or settings: a closed gate clears the schedule;
 * an open gate with nothing scheduled syncs at once (a client was just chosen, the admin
 * resumed, the network came back), but never inside a rate limit's wait or a backoff.
 *
 * Offline is the exception: nothing wakes a stopped worker when the network returns (the
 * `online` event reaches only a running one), so while offline a wake-up stays scheduled one
 * interval ahead; the woken worker finds the network back and syncs.
 */
export function reschedule(state: SyncState, settings: Settings, now: number): SyncState {
  const gate = evaluateGate(state, settings);
  let next = state;
  if (!gate.open) {
    const probe = gate.reason === 'offline' && state.lease === null;
    const pending = ahead(state.nextAttemptAt, now);
    next = { ...state, nextAttemptAt: probe ? (pending ?? Math.max(now + intervalMs(state, settings), earliest(state, now))) : null };
  } else if (state.lease === null && state.nextAttemptAt === null) {
    next = { ...state, nextAttemptAt: earliest(state, now) };
  }
  return withEffectiveClient(next, settings);
}

export function applyContext(state: SyncState, context: DashboardContext, settings: Settings, now: number): SyncState {
  // The client the record was last planned for: a pin whose own write failed is caught here.
  const before = state.client ?? effectiveClient(state, settings);
  const changed =
    context.clientId !== state.context.clientId ||
    context.clientName !== state.context.clientName ||
    context.isAdmin !== state.context.isAdmin;
  // A dashboard page reporting is a dashboard tab that is open.
  let next: SyncState = { ...state, context, pause: { ...state.pause, noDashboardTab: false } };
  // A 403 holds until the context changes; a page load may mean the admin signed in again.
  if (changed) next.forbiddenClientId = null;
  if (state.signedOut) next = { ...next, signedOut: false };
  const after = effectiveClient(next, settings);
  if (after?.id !== before?.id) next = startClient(next, after?.id ?? null);
  return reschedule(next, settings, now);
}

/** Another client is synced from now on: the old one's failures, backoff and plan are not its. */
function startClient(state: SyncState, clientId: string | null): SyncState {
  return {
    ...state,
    consecutiveFailures: 0,
    backoffUntil: null,
    lastFailure: null,
    nextAttemptAt: null,
    lastSyncAt: clientId === null ? null : lastSuccessAt(state.history, clientId),
  };
}

/**
 * The record speaks for one client. Whichever write first finds the effective client changed
 * (a pinned client read by a worker that just started, before the settings change itself is
 * applied) starts the new client afresh and plans its sync at once. `before`: the client the
 * stored record was planned for (steps applied since may have settled it to the new one).
 */
export function followClient(state: SyncState, settings: Settings, now: number, before = state.client): SyncState {
  const after = effectiveClient(state, settings);
  if (before === null || after?.id === before.id) return state;
  return reschedule(startClient(state, after?.id ?? null), settings, now);
}

export function beginSync(state: SyncState, owner: string, now: number): SyncState {
  return { ...state, lease: { owner, expiresAt: now + SYNC_LEASE_MS } };
}

/**
 * When to sync after a success. A dashboard that served a recent sync of this client from its
 * cache says so with a `syncedAt` `ageMs` old: the next sync is planned from that sync, an
 * interval (plus a little jitter) after it, so every admin watching one client asks again just
 * after the dashboard's copy goes stale and one of them pulls for all. Never sooner than the
 * manual floor; a copy older than an interval is planned like a fresh pull.
 */
function nextAfterSuccess(state: SyncState, settings: Settings, now: number, ageMs: number, random: () => number): number {
  const interval = intervalMs(state, settings);
  if (ageMs <= 0 || ageMs >= interval) return now + interval;
  return Math.max(now + MANUAL_FLOOR_MS, now - ageMs + interval + afterWaitJitterMs(interval, random));
}

export interface FinishFacts {
  /** The dashboard the request went to. */
  origin: string;
  clientId: string;
  trigger: Trigger;
  startedAt: number;
  result: SyncRequestResult;
  now: number;
  random: () => number;
  settings: Settings;
}

export function finishSync(state: SyncState, facts: FinishFacts): SyncState {
  const { clientId, trigger, startedAt, result, now, random, settings } = facts;
  const { outcome } = result;
  // A clock set back while the request was out would date the attempt (and its answer) in the
  // future, where the manual floor no longer sees it: the answer came now on today's clock.
  const at = Math.min(startedAt, now - result.durationMs);
  const entry: Attempt = {
    at: iso(at),
    clientId,
    trigger,
    outcome: outcome.kind,
    httpStatus: outcome.httpStatus,
    // From the attempt's start to its answer, so that `at + durationMs` is when the answer came
    // (the manual floor and late page reports compare with it).
    durationMs: Math.max(result.durationMs, now - at),
    ordersSynced: outcome.kind === 'success' ? outcome.ordersSynced : null,
    message: outcome.kind === 'success' ? null : outcome.message,
  };
  let s: SyncState = {
    ...withHistory(state, entry),
    lease: null,
    serverPollIntervalSeconds: result.pollIntervalSeconds,
  };
  // The admin moved to another dashboard while this request was out: its answer is history only.
  if (facts.origin !== dashboardOrigin(settings)) return reschedule({ ...s, nextAttemptAt: state.nextAttemptAt }, settings, now);
  const current = effectiveClient(s, settings)?.id === clientId;
  if (!current) return finishForOtherClient(state, s, outcome, now, random, settings);

  switch (outcome.kind) {
    case 'success':
      s = succeeded(s, outcome.ageMs, now, settings, random);
      break;
    case 'rate-limited': {
      const wait = rateLimitWait(s, now, outcome.serverDelayMs, now, settings, random);
      s = {
        ...s,
        retryNotBefore: wait.until,
        nextAttemptAt: wait.after,
        consecutiveFailures: failedAgain(s.consecutiveFailures),
        lastFailure: outcome.message,
      };
      break;
    }
    case 'error': {
      const delay = errorRetryDelayMs(s.consecutiveFailures, intervalMs(s, settings), random);
      s = { ...s, consecutiveFailures: failedAgain(s.consecutiveFailures), lastFailure: outcome.message, backoffUntil: now + delay };
      s.nextAttemptAt = earliest(s, now);
      break;
    }
    case 'signed-out':
      s = { ...s, signedOut: true, lastFailure: outcome.message, nextAttemptAt: null };
      break;
    case 'forbidden':
      s = { ...s, forbiddenClientId: clientId, lastFailure: outcome.message, nextAttemptAt: null };
      break;
  }
  return reschedule(s, settings, now);
}

/**
 * The admin switched client while this request was out. Its answer still speaks for the
 * dashboard (a 429's wait and count, a session that is gone or works), but its success, other
 * failures and their backoff were the old client's: the new client keeps its own plan, which is to sync at once
 * unless something planned it meanwhile (the page's own sync of it).
 */
function finishForOtherClient(
  before: SyncState,
  recorded: SyncState,
  outcome: SyncRequestResult['outcome'],
  now: number,
  random: () => number,
  settings: Settings,
): SyncState {
  let s: SyncState = { ...recorded, nextAttemptAt: before.nextAttemptAt };
  switch (outcome.kind) {
    case 'success':
      s = { ...s, signedOut: false };
      break;
    case 'rate-limited': {
      const { until, after } = rateLimitWait(s, now, outcome.serverDelayMs, now, settings, random);
      // The limit is the dashboard's: it counts towards the backoff whichever client met it.
      s = {
        ...s,
        consecutiveFailures: failedAgain(s.consecutiveFailures),
        retryNotBefore: until,
        nextAttemptAt: s.nextAttemptAt === null ? null : Math.max(s.nextAttemptAt, after),
      };
      break;
    }
    case 'signed-out':
      s = { ...s, signedOut: true, lastFailure: outcome.message, nextAttemptAt: null };
      break;
    case 'error':
    case 'forbidden':
      break;
  }
  return reschedule(s, settings, now);
}

/**
 * A lease that no live request holds (its worker died, or its result could not be written)
 * means the request it guarded will never finish: record it as interrupted and retry soon, on
 * the backoff curve. Whether a request is live is known in memory, not from the clock: a clock
 * set forward mid-request must not end a lease that is still in use.
 */
export function recoverLease(
  state: SyncState,
  isLive: (owner: string) => boolean,
  now: number,
  random: () => number,
  settings: Settings,
): SyncState {
  const { lease } = state;
  if (lease === null || isLive(lease.owner)) return state;
  const startedAt = Math.min(now, lease.expiresAt - SYNC_LEASE_MS);
  const clientId = state.client?.id ?? effectiveClient(state, settings)?.id;
  let s: SyncState = { ...state, lease: null };
  if (clientId !== undefined) {
    s = withHistory(s, {
      at: iso(startedAt),
      clientId,
      trigger: 'recovery',
      outcome: 'interrupted',
      httpStatus: null,
      durationMs: Math.max(0, now - startedAt),
      ordersSynced: null,
      message: INTERRUPTED_MESSAGE,
    });
  }
  const delay = errorRetryDelayMs(s.consecutiveFailures, intervalMs(s, settings), random);
  s = {
    ...s,
    consecutiveFailures: failedAgain(s.consecutiveFailures),
    lastFailure: INTERRUPTED_MESSAGE,
    backoffUntil: now + delay,
    nextAttemptAt: Math.max(now + delay, s.retryNotBefore ?? 0),
  };
  return reschedule(s, settings, now);
}

export function setPauseFlag(state: SyncState, flag: keyof SyncState['pause'], value: boolean, settings: Settings, now: number): SyncState {
  if (state.pause[flag] === value) return withEffectiveClient(state, settings);
  const next = { ...state, pause: { ...state.pause, [flag]: value } };
  // Reopening the gate plans afresh: at once, unless a Retry-After or a backoff is still running
  // (reschedule never plans inside one). Offline's wake-up probe is not a plan to keep. A flag
  // that was not holding the gate (unlocking with "pause while locked" off) changes no plan.
  const reopened = !value && state.lease === null && !evaluateGate(state, settings).open && evaluateGate(next, settings).open;
  return reschedule(reopened ? { ...next, nextAttemptAt: null } : next, settings, now);
}

/** Settings changed: a new effective client syncs at once; a new interval re-times the next sync. */
export function applySettings(state: SyncState, previous: Settings, settings: Settings, now: number): SyncState {
  // The client the record was last planned for (a change written late, after a failed write,
  // may find the record already planned for the new one).
  const before = state.client ?? effectiveClient(state, previous);
  const after = effectiveClient(state, settings);
  let s = state;
  // Another dashboard address is handled by `followDashboard`, before any change is applied.
  if (after?.id !== before?.id) {
    s = startClient(s, after?.id ?? null);
  } else if (s.lastResult?.outcome === 'success' && s.lastSyncAt !== null && s.nextAttemptAt !== null) {
    // A last sync "in the future" (the clock was set back since) counts as now.
    const last = Math.min(Date.parse(s.lastSyncAt), now);
    s = { ...s, nextAttemptAt: Math.max(now, last + intervalMs(s, settings), earliest(s, now)) };
  }
  return reschedule(s, settings, now);
}

/** A sync the dashboard page made itself (its own Sync Now), seen through webRequest. */
export interface PageSync {
  /** The browser's id for the request (webRequest), as noted when it went out. */
  requestId: string;
  httpStatus: number;
  /**
   * From the request body; `null` when it could not be read; `undefined` when this worker did
   * not see the request go out (it started after): then the client noted at its start is used.
   */
  clientId: string | null | undefined;
  /** The server's wait for a 429, from its headers; `null` when it named none. */
  serverDelayMs: number | null;
  /** The answer said it was JSON: a 2xx that is not (a login page served with 200) is no success. */
  json: boolean;
  startedAt: number;
  finishedAt: number;
}

/**
 * The page and the extension must never double-sync: a page success restarts the countdown,
 * a 429 the page received holds the extension back like its own. Waits combine: the longest
 * in force wins, so the page can lengthen a Retry-After but never shorten one. Other answers
 * (and a 2xx that is not JSON) are the page's business: it shows them itself.
 */
export function applyPageSync(original: SyncState, seen: PageSync, settings: Settings, now: number, random: () => number): SyncState {
  const noted = original.pageSyncs.find((p) => p.requestId === seen.requestId);
  const sync = { ...seen, clientId: seen.clientId === undefined ? (noted?.clientId ?? null) : seen.clientId };
  // The page's request is over, whatever it answered.
  const state = withEffectiveClient(endPageSync(original, seen.requestId), settings);
  const current = effectiveClient(state, settings);
  const ok = sync.httpStatus >= 200 && sync.httpStatus < 300 && sync.json;
  const limited = sync.httpStatus === 429;
  if (!ok && !limited) return state;
  // A success for another client says nothing about this one; a rate limit may be shared.
  if (ok && (current === null || (sync.clientId !== null && sync.clientId !== current.id))) return state;
  const clientId = sync.clientId ?? current?.id;
  const message = limited ? 'Rate limited by Toast (429), on the dashboard page’s own sync' : null;
  const answeredAt = Math.min(sync.finishedAt, now);
  // A success recorded late (its first write failed, retried after the machine slept) that an
  // answer since has overtaken, a 429 say, is history only: it must not end that answer's wait
  // or reset the failures counted after it.
  if (ok && clientId !== undefined && lastAnsweredAt(state.history, now) > answeredAt) {
    const entry: Attempt = {
      at: iso(sync.startedAt),
      clientId,
      trigger: 'page',
      outcome: 'success',
      httpStatus: sync.httpStatus,
      durationMs: Math.max(0, sync.finishedAt - sync.startedAt),
      ordersSynced: null,
      message: null,
    };
    return reschedule({ ...state, history: inOrder(state.history, entry) }, settings, now);
  }
  // A 429 binds the dashboard even when no client is known to file it under (then no history entry).
  let s =
    clientId === undefined
      ? state
      : withHistory(state, {
          at: iso(sync.startedAt),
          clientId,
          trigger: 'page',
          outcome: ok ? 'success' : 'rate-limited',
          httpStatus: sync.httpStatus,
          durationMs: Math.max(0, sync.finishedAt - sync.startedAt),
          ordersSynced: null,
          message,
        });
  if (ok) {
    s = succeeded(s, 0, now, settings, random);
  } else {
    // The wait runs from the answer, and a success since (this news may come late, retried
    // after a failed write) means the failures it would count are over.
    const since = lastSuccessAnsweredAt(state.history) > answeredAt;
    const { until, after } = rateLimitWait(s, answeredAt, sync.serverDelayMs, now, settings, random);
    s = {
      ...s,
      consecutiveFailures: since ? s.consecutiveFailures : failedAgain(s.consecutiveFailures),
      retryNotBefore: until,
      nextAttemptAt: Math.max(after, s.nextAttemptAt ?? 0),
      lastFailure: message,
    };
  }
  return reschedule(s, settings, now);
}

/**
 * The page started its own sync: until its answer (or a lease's length, if the answer is never
 * seen) automatic syncs wait, so the page and the extension never sync at the same time.
 */
export function notePageSyncStart(state: SyncState, requestId: string, clientId: string | null, now: number): SyncState {
  const pageSyncs = [...state.pageSyncs.filter((p) => p.requestId !== requestId), { requestId, clientId }].slice(-PAGE_SYNC_NOTES);
  return { ...state, pageSyncUntil: now + SYNC_LEASE_MS, pageSyncs };
}

/** One page sync is over: the hold lasts while another is still out. */
function endPageSync(state: SyncState, requestId: string): SyncState {
  const pageSyncs = state.pageSyncs.filter((p) => p.requestId !== requestId);
  return { ...state, pageSyncs, pageSyncUntil: pageSyncs.length > 0 ? state.pageSyncUntil : null };
}

/** The page's request failed without an answer (network error, tab closed). */
export function notePageSyncGone(state: SyncState, requestId: string, settings: Settings, now: number): SyncState {
  return reschedule(endPageSync(state, requestId), settings, now);
}

/**
 * The record speaks for one dashboard. When the address changed (whichever write comes first
 * after it: a change whose own write failed may be retried late), that dashboard's session,
 * role, waits and page syncs are left behind, and the new one is synced at once. The old
 * dashboard's 429 wait is set aside, not forgotten: switching back before it ends restores it.
 */
export function followDashboard(state: SyncState, settings: Settings, now: number): SyncState {
  const origin = dashboardOrigin(settings);
  if (state.dashboard === origin) return state;
  if (state.dashboard === null) return { ...state, dashboard: origin };
  const leaving = ahead(state.retryNotBefore, now);
  const back = state.waitElsewhere?.dashboard === origin ? ahead(state.waitElsewhere.until, now) : null;
  // Planned afresh here: the change that follows may not plan at all (a page sync noted).
  return reschedule(
    {
      ...startClient(state, null),
      dashboard: origin,
      retryNotBefore: back === null ? null : Math.min(back, now + RETRY_AFTER_CAP_MS),
      waitElsewhere: leaving === null ? state.waitElsewhere : { dashboard: state.dashboard, until: leaving },
      signedOut: false,
      forbiddenClientId: null,
      pageSyncUntil: null,
      pageSyncs: [],
    },
    settings,
    now,
  );
}

/**
 * Stored times are only as good as the clock that wrote them. A record written "in the future"
 * means the system clock was set back since: its times move back by the same amount, so a
 * 2-second wait stays a 2-second wait. A time still further ahead than any rule could have set
 * (a corrupted record) is brought back within the longest legitimate wait, so it can never
 * block syncing for days. (A clock set forward cannot be told from a machine that slept: the
 * waits simply end sooner, as they would after a sleep.)
 */
export function distrustFuture(original: SyncState, settings: Settings, now: number): SyncState {
  const back = original.writtenAt !== null && original.writtenAt > now ? now - original.writtenAt : 0;
  const shift = (at: number | null): number | null => (at === null ? null : at + back);
  const state: SyncState =
    back === 0
      ? original
      : {
          ...original,
          retryNotBefore: shift(original.retryNotBefore),
          backoffUntil: shift(original.backoffUntil),
          nextAttemptAt: shift(original.nextAttemptAt),
          pageSyncUntil: shift(original.pageSyncUntil),
          waitElsewhere: original.waitElsewhere === null ? null : { ...original.waitElsewhere, until: original.waitElsewhere.until + back },
          lease: original.lease === null ? null : { ...original.lease, expiresAt: original.lease.expiresAt + back },
          lastSyncAt: original.lastSyncAt === null ? null : iso(Math.max(0, Date.parse(original.lastSyncAt) + back)),
          writtenAt: now,
        };
  const cap = (at: number | null, limit: number): number | null => (at === null ? null : Math.min(at, now + limit));
  const retryNotBefore = cap(state.retryNotBefore, RETRY_AFTER_CAP_MS);
  const errorWait = longestErrorWaitMs(intervalMs(state, settings));
  const backoffUntil = cap(state.backoffUntil, errorWait);
  // The longest plan any rule makes: an interval, a rate limit's wait and its jitter, an error's wait.
  const longest = Math.max(intervalMs(state, settings), RETRY_AFTER_CAP_MS + intervalMs(state, settings) / 10, errorWait);
  let nextAttemptAt = state.nextAttemptAt;
  if (nextAttemptAt !== null && nextAttemptAt > now + longest) {
    nextAttemptAt = Math.max(now + intervalMs(state, settings), retryNotBefore ?? 0, backoffUntil ?? 0);
  }
  const lease = state.lease === null ? null : { ...state.lease, expiresAt: Math.min(state.lease.expiresAt, now + SYNC_LEASE_MS) };
  const pageSyncUntil = cap(state.pageSyncUntil, SYNC_LEASE_MS);
  const next = { ...state, retryNotBefore, backoffUntil, nextAttemptAt, lease, pageSyncUntil };
  return JSON.stringify(next) === JSON.stringify(original) ? original : next;
}
