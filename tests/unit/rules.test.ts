/**
 * The rules for an answer, as tables: the record and what happened in, what the record says
 * after. Randomness is pinned to its lowest value, so each row reads as the rule's exact
 * numbers (an interval of 60 s).
 */

import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/background/classify.ts';
import { evaluateGate } from '../../src/shared/gate.ts';
import { applyPageSync, finishSync, type PageSync } from '../../src/background/transitions.ts';
import { MIN_RETRY_MS } from '../../src/shared/constants.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { defaultSyncState, type SyncState } from '../../src/shared/sync-state.ts';
import { syncView, type SyncView } from '../../src/shared/sync-view.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const INTERVAL = 60_000;
const DASHBOARD = 'http://localhost:3000';
const lowest = (): number => 0;

function record(change: Partial<SyncState> = {}): SyncState {
  return {
    ...defaultSyncState(),
    dashboard: DASHBOARD,
    context: { clientId: 'c1', clientName: 'Bella', isAdmin: true },
    client: { id: 'c1', name: 'Bella' },
    ...change,
  };
}

const success = (ageMs = 0): Outcome => ({ kind: 'success', httpStatus: 200, ordersSynced: 3, syncedAt: null, ageMs });
const limited = (serverDelayMs: number | null): Outcome => ({
  kind: 'rate-limited',
  httpStatus: 429,
  serverDelayMs,
  message: 'Rate limited',
});
const failed: Outcome = { kind: 'error', httpStatus: 500, message: 'Server error' };
const signedOut: Outcome = { kind: 'signed-out', httpStatus: 401, message: 'Signed out' };
const forbidden: Outcome = { kind: 'forbidden', httpStatus: 403, message: 'Not an admin' };

function answer(
  state: SyncState,
  outcome: Outcome,
  facts: { clientId?: string; origin?: string; settings?: Partial<Settings> } = {},
): SyncState {
  return finishSync(state, {
    origin: facts.origin ?? DASHBOARD,
    clientId: facts.clientId ?? 'c1',
    trigger: 'alarm',
    startedAt: NOW,
    result: { outcome, durationMs: 0, pollIntervalSeconds: null },
    now: NOW,
    random: lowest,
    settings: { ...DEFAULT_SETTINGS, ...facts.settings },
  });
}

interface AnswerRow {
  rule: string;
  before: Partial<SyncState>;
  outcome: Outcome;
  facts?: Parameters<typeof answer>[2];
  /** The record after, as shown (its status derived on read). */
  after: Partial<SyncView>;
}

const answerRows: AnswerRow[] = [
  {
    rule: 'a success: failures and backoff are over, the next sync is an interval later',
    before: { consecutiveFailures: 3, backoffUntil: NOW - 1, lastFailure: 'Server error' },
    outcome: success(),
    after: {
      status: 'success',
      consecutiveFailures: 0,
      backoffUntil: null,
      lastFailure: null,
      nextAttemptAt: NOW + INTERVAL,
      lastSyncAt: new Date(NOW).toISOString(),
    },
  },
  {
    rule: 'a success served from a copy 15 s old: the next sync is an interval after the copy',
    before: {},
    outcome: success(15_000),
    after: { nextAttemptAt: NOW - 15_000 + INTERVAL, lastSyncAt: new Date(NOW - 15_000).toISOString() },
  },
  {
    rule: 'a success does not lift a 429 wait that began while it was out',
    before: { retryNotBefore: NOW + 90_000 },
    outcome: success(),
    after: { retryNotBefore: NOW + 90_000, nextAttemptAt: NOW + 90_000 },
  },
  {
    rule: 'a success clears a sign-out and a 403',
    before: { signedOut: true, forbiddenClientId: 'c1' },
    outcome: success(),
    after: { signedOut: false, forbiddenClientId: null, status: 'success' },
  },
  {
    rule: 'a 429 naming 20 s: nothing before it, then the sync (plus up to a tenth of an interval)',
    before: {},
    outcome: limited(20_000),
    after: { status: 'rate-limited', retryNotBefore: NOW + 20_000, nextAttemptAt: NOW + 20_000, consecutiveFailures: 1 },
  },
  {
    rule: 'a 429 naming no wait: the backoff curve, 1 s after the first',
    before: {},
    outcome: limited(null),
    after: { retryNotBefore: NOW + 1_000, nextAttemptAt: NOW + 1_000, consecutiveFailures: 1 },
  },
  {
    rule: 'a 429 naming 0 s: never sooner than the floor',
    before: {},
    outcome: limited(0),
    after: { retryNotBefore: NOW + MIN_RETRY_MS },
  },
  {
    rule: 'a 429 shorter than the wait in force: the longer one holds',
    before: { retryNotBefore: NOW + 60_000 },
    outcome: limited(5_000),
    after: { retryNotBefore: NOW + 60_000 },
  },
  {
    rule: 'an error: retried half an interval later the first time, no sooner',
    before: {},
    outcome: failed,
    after: {
      status: 'error',
      error: 'Server error',
      consecutiveFailures: 1,
      backoffUntil: NOW + INTERVAL / 2,
      nextAttemptAt: NOW + INTERVAL / 2,
    },
  },
  {
    rule: 'an error after two: the third failure, an interval later',
    before: { consecutiveFailures: 2 },
    outcome: failed,
    after: { consecutiveFailures: 3, nextAttemptAt: NOW + INTERVAL },
  },
  {
    rule: 'signed out: nothing planned until the page says the admin is back',
    before: { nextAttemptAt: NOW + INTERVAL },
    outcome: signedOut,
    after: { status: 'signed-out', signedOut: true, nextAttemptAt: null },
  },
  {
    rule: 'a 403: quiet (not an error), nothing planned for this client',
    before: {},
    outcome: forbidden,
    after: { status: 'idle', forbiddenClientId: 'c1', nextAttemptAt: null, error: null },
  },
  {
    rule: 'the answer of a dashboard the admin has left: history only, the plan stays',
    before: { nextAttemptAt: NOW + 5_000 },
    outcome: failed,
    facts: { origin: 'http://localhost:3001' },
    after: { consecutiveFailures: 0, nextAttemptAt: NOW + 5_000 },
  },
  {
    rule: 'an old client’s error after a switch: the new client’s plan and count stay',
    before: { context: { clientId: 'c2', clientName: 'Cafe', isAdmin: true }, client: { id: 'c2', name: 'Cafe' }, nextAttemptAt: NOW },
    outcome: failed,
    facts: { clientId: 'c1' },
    after: { consecutiveFailures: 0, nextAttemptAt: NOW, backoffUntil: null },
  },
  {
    rule: 'an old client’s 429 after a switch: the limit is the dashboard’s, so it holds the new client too',
    before: { context: { clientId: 'c2', clientName: 'Cafe', isAdmin: true }, client: { id: 'c2', name: 'Cafe' }, nextAttemptAt: NOW },
    outcome: limited(20_000),
    facts: { clientId: 'c1' },
    after: { consecutiveFailures: 1, retryNotBefore: NOW + 20_000, nextAttemptAt: NOW + 20_000 },
  },
];

describe('an answer to the extension’s own request', () => {
  for (const { rule, before, outcome, facts, after } of answerRows) {
    it(rule, () => {
      const next = answer(record({ ...before, lease: { owner: 'w1.1', expiresAt: NOW + 30_000 } }), outcome, facts);
      expect(syncView(next, { ...DEFAULT_SETTINGS, ...facts?.settings }, NOW)).toMatchObject({ ...after, lease: null });
      expect(next.lastResult).toMatchObject({ outcome: outcome.kind, trigger: 'alarm' });
    });
  }
});

function page(state: SyncState, seen: Partial<PageSync>): SyncState {
  const sync: PageSync = {
    requestId: 'r1',
    httpStatus: 200,
    clientId: 'c1',
    serverDelayMs: null,
    json: true,
    startedAt: NOW - 200,
    finishedAt: NOW,
    ...seen,
  };
  return applyPageSync(state, sync, DEFAULT_SETTINGS, NOW, lowest);
}

interface PageRow {
  rule: string;
  before: Partial<SyncState>;
  seen: Partial<PageSync>;
  after: Partial<SyncView>;
}

const pageRows: PageRow[] = [
  {
    rule: 'the page synced this client: the countdown restarts from it, failures are over',
    before: { consecutiveFailures: 2, nextAttemptAt: NOW + 5_000 },
    seen: {},
    after: { consecutiveFailures: 0, nextAttemptAt: NOW + INTERVAL, status: 'success' },
  },
  {
    rule: 'a 2xx that is not JSON (a login page) is no success',
    before: { nextAttemptAt: NOW + 5_000 },
    seen: { json: false },
    after: { nextAttemptAt: NOW + 5_000 },
  },
  {
    rule: 'a success for another client says nothing about this one',
    before: { nextAttemptAt: NOW + 5_000 },
    seen: { clientId: 'c9' },
    after: { nextAttemptAt: NOW + 5_000 },
  },
  {
    rule: 'the page’s 429 holds the extension back like its own',
    before: { nextAttemptAt: NOW + 5_000 },
    seen: { httpStatus: 429, serverDelayMs: 30_000 },
    after: { retryNotBefore: NOW + 30_000, nextAttemptAt: NOW + 30_000, consecutiveFailures: 1 },
  },
  {
    rule: 'the page’s 429 cannot shorten a wait in force',
    before: { retryNotBefore: NOW + 90_000, nextAttemptAt: NOW + 90_000 },
    seen: { httpStatus: 429, serverDelayMs: 5_000 },
    after: { retryNotBefore: NOW + 90_000, nextAttemptAt: NOW + 90_000 },
  },
  {
    rule: 'the page’s other answers are the page’s business',
    before: { nextAttemptAt: NOW + 5_000, consecutiveFailures: 0 },
    seen: { httpStatus: 500 },
    after: { nextAttemptAt: NOW + 5_000, consecutiveFailures: 0 },
  },
  {
    rule: 'its answer ends the hold its request began',
    before: { pageSyncUntil: NOW + 4_000, pageSyncs: [{ requestId: 'r1', clientId: 'c1' }] },
    seen: { httpStatus: 500 },
    after: { pageSyncUntil: null, pageSyncs: [] },
  },
];

describe('a sync the dashboard page made itself', () => {
  for (const { rule, before, seen, after } of pageRows) {
    it(rule, () => {
      expect(syncView(page(record(before), seen), DEFAULT_SETTINGS, NOW)).toMatchObject(after);
    });
  }
});

interface GateRow {
  rule: string;
  state: Partial<SyncState>;
  settings?: Partial<Settings>;
  explicit?: boolean;
  gate: ReturnType<typeof evaluateGate>;
}

const open = { open: true, client: { id: 'c1', name: 'Bella' } } as const;
const unpaused = { user: false, locked: false, offline: false, noDashboardTab: false };

const gateRows: GateRow[] = [
  { rule: 'an admin with a client: open', state: {}, gate: open },
  {
    rule: 'a pinned client wins over the page’s',
    state: {},
    settings: { pinnedClientId: 'p1', pinnedClientName: 'Pinned' },
    gate: { open: true, client: { id: 'p1', name: 'Pinned' } },
  },
  {
    rule: 'no client: closed',
    state: { context: { clientId: null, clientName: null, isAdmin: true } },
    gate: { open: false, reason: 'no-client' },
  },
  {
    rule: 'a role not yet known counts as admin (the dashboard answers 403 if not)',
    state: { context: { clientId: 'c1', clientName: 'Bella', isAdmin: null } },
    gate: open,
  },
  { rule: 'paused by the admin', state: { pause: { ...unpaused, user: true } }, gate: { open: false, reason: 'paused' } },
  { rule: 'the screen is locked, the pause on', state: { pause: { ...unpaused, locked: true } }, gate: { open: false, reason: 'locked' } },
  {
    rule: 'the screen is locked, the pause off',
    state: { pause: { ...unpaused, locked: true } },
    settings: { pauseWhenLocked: false },
    gate: open,
  },
  { rule: 'no dashboard tab, the condition off', state: { pause: { ...unpaused, noDashboardTab: true } }, gate: open },
  {
    rule: 'no dashboard tab, the condition on',
    state: { pause: { ...unpaused, noDashboardTab: true } },
    settings: { onlyWhileDashboardOpen: true },
    gate: { open: false, reason: 'no-dashboard-tab' },
  },
  { rule: 'signed out: closed to the schedule', state: { signedOut: true }, gate: { open: false, reason: 'signed-out' } },
  { rule: 'signed out: open to the admin’s click', state: { signedOut: true }, explicit: true, gate: open },
  { rule: 'a 403 for another client does not hold this one', state: { forbiddenClientId: 'c9' }, gate: open },
  {
    rule: 'a pause holds even the admin’s click',
    state: { pause: { ...unpaused, user: true } },
    explicit: true,
    gate: { open: false, reason: 'paused' },
  },
];

describe('the gate: whether anything may be sent, and for which client', () => {
  for (const { rule, state, settings, explicit, gate } of gateRows) {
    it(rule, () => {
      expect(evaluateGate(record(state), { ...DEFAULT_SETTINGS, ...settings }, explicit)).toEqual(gate);
    });
  }
});
