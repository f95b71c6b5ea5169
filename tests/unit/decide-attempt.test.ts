/**
 * The attempt rule as a table: the record and the moment in, whether the request goes (and
 * what the record says then) out. Each row is one sentence of the rule.
 */

import { describe, expect, it } from 'vitest';
import { decideAttempt, type AttemptDecision, type AttemptFacts } from '../../src/background/decide-attempt.ts';
import { SYNC_LEASE_MS } from '../../src/shared/constants.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { defaultSyncState, type Attempt, type SyncState } from '../../src/shared/sync-state.ts';
import { syncView } from '../../src/shared/sync-view.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const C1 = { clientId: 'c1', clientName: 'Bella', isAdmin: true };

/** An admin's record with client c1 selected, due now, nothing holding it back. */
function ready(change: Partial<SyncState> = {}): SyncState {
  return { ...defaultSyncState(), context: C1, client: { id: 'c1', name: 'Bella' }, nextAttemptAt: NOW, ...change };
}

function answered(ago: number, outcome: Attempt['outcome'], trigger: Attempt['trigger'] = 'alarm'): Attempt {
  return {
    at: new Date(NOW - ago).toISOString(),
    clientId: 'c1',
    trigger,
    outcome,
    httpStatus: 200,
    durationMs: 0,
    ordersSynced: null,
    message: null,
  };
}

function decide(state: SyncState, asked: 'schedule' | 'admin', facts: Partial<AttemptFacts> = {}, settings: Partial<Settings> = {}) {
  return decideAttempt(state, {
    settings: { ...DEFAULT_SETTINGS, ...settings },
    now: NOW,
    explicit: asked === 'admin',
    online: true,
    noDashboardTab: false,
    leaseOwner: 'w1.1',
    ...facts,
  });
}

const go: AttemptDecision = { kind: 'go', clientId: 'c1', startedAt: NOW };

interface Row {
  rule: string;
  state: SyncState;
  asked: 'schedule' | 'admin';
  facts?: Partial<AttemptFacts>;
  settings?: Partial<Settings>;
  decision: Partial<AttemptDecision>;
}

const rows: Row[] = [
  { rule: 'due and nothing in the way: it goes', state: ready(), asked: 'schedule', decision: go },
  { rule: 'within 500 ms of its time counts as due', state: ready({ nextAttemptAt: NOW + 499 }), asked: 'schedule', decision: go },
  { rule: 'earlier than that is not due', state: ready({ nextAttemptAt: NOW + 501 }), asked: 'schedule', decision: { kind: 'not-due' } },
  { rule: 'the admin’s Sync Now does not wait for the plan', state: ready({ nextAttemptAt: NOW + 60_000 }), asked: 'admin', decision: go },
  {
    rule: 'no client selected: blocked',
    state: ready({ context: { clientId: null, clientName: null, isAdmin: true } }),
    asked: 'admin',
    decision: { kind: 'blocked', reason: 'no-client' },
  },
  {
    rule: 'a page that says "not admin": blocked, even for Sync Now',
    state: ready({ context: { ...C1, isAdmin: false } }),
    asked: 'admin',
    decision: { kind: 'blocked', reason: 'not-admin' },
  },
  {
    rule: 'paused by the admin: blocked, even for Sync Now',
    state: ready({ pause: { user: true, locked: false, offline: false, noDashboardTab: false } }),
    asked: 'admin',
    decision: { kind: 'blocked', reason: 'paused' },
  },
  {
    rule: 'screen locked with the pause on: blocked',
    state: ready({ pause: { user: false, locked: true, offline: false, noDashboardTab: false } }),
    asked: 'schedule',
    decision: { kind: 'blocked', reason: 'locked' },
  },
  {
    rule: 'screen locked with the pause off: it goes',
    state: ready({ pause: { user: false, locked: true, offline: false, noDashboardTab: false } }),
    asked: 'schedule',
    settings: { pauseWhenLocked: false },
    decision: go,
  },
  {
    rule: 'offline, as the browser says now: blocked',
    state: ready(),
    asked: 'admin',
    facts: { online: false },
    decision: { kind: 'blocked', reason: 'offline' },
  },
  {
    rule: 'no dashboard tab while the admin wants one: blocked',
    state: ready(),
    asked: 'schedule',
    facts: { noDashboardTab: true },
    settings: { onlyWhileDashboardOpen: true },
    decision: { kind: 'blocked', reason: 'no-dashboard-tab' },
  },
  {
    rule: 'signed out: the schedule waits for a sign-in',
    state: ready({ signedOut: true }),
    asked: 'schedule',
    decision: { kind: 'blocked', reason: 'signed-out' },
  },
  { rule: 'signed out: Sync Now tries once more', state: ready({ signedOut: true }), asked: 'admin', decision: go },
  {
    rule: 'a 403 for this client: the schedule stays quiet',
    state: ready({ forbiddenClientId: 'c1' }),
    asked: 'schedule',
    decision: { kind: 'blocked', reason: 'forbidden' },
  },
  { rule: 'a 403 for this client: Sync Now tries once more', state: ready({ forbiddenClientId: 'c1' }), asked: 'admin', decision: go },
  {
    rule: 'inside a 429’s wait: deferred to its end, even for Sync Now',
    state: ready({ retryNotBefore: NOW + 5_000 }),
    asked: 'admin',
    decision: { kind: 'deferred', retryAt: NOW + 5_000 },
  },
  { rule: 'a 429’s wait that has ended holds nothing', state: ready({ retryNotBefore: NOW }), asked: 'schedule', decision: go },
  {
    rule: 'Sync Now 3 s after a success: up to date, nothing sent',
    state: ready({ lastResult: answered(3_000, 'success'), history: [answered(3_000, 'success')] }),
    asked: 'admin',
    decision: { kind: 'up-to-date', until: NOW + 7_000 },
  },
  {
    rule: 'Sync Now 11 s after a success: it goes',
    state: ready({ lastResult: answered(11_000, 'success'), history: [answered(11_000, 'success')] }),
    asked: 'admin',
    decision: go,
  },
  {
    rule: 'Sync Now 3 s after another Sync Now that failed: too soon',
    state: ready({ lastResult: answered(3_000, 'error', 'manual'), history: [answered(3_000, 'error', 'manual')] }),
    asked: 'admin',
    decision: { kind: 'too-soon', until: NOW + 7_000 },
  },
  {
    rule: 'the page’s own sync is out: the schedule waits for its answer',
    state: ready({ pageSyncUntil: NOW + 4_000 }),
    asked: 'schedule',
    decision: { kind: 'not-due' },
  },
  { rule: 'the page’s own sync is out: Sync Now still goes', state: ready({ pageSyncUntil: NOW + 4_000 }), asked: 'admin', decision: go },
];

describe('decideAttempt: whether a run sends its request', () => {
  for (const { rule, state, asked, facts, settings, decision } of rows) {
    it(rule, () => {
      expect(decide(state, asked, facts, settings).decision).toMatchObject(decision);
    });
  }
});

describe('decideAttempt: the record it leaves', () => {
  it('going: the lease is taken for one lease length, which shows as "syncing"', () => {
    const { next } = decide(ready(), 'schedule');
    expect(next.lease).toEqual({ owner: 'w1.1', expiresAt: NOW + SYNC_LEASE_MS });
    expect(syncView(next, DEFAULT_SETTINGS, NOW).status).toBe('syncing');
  });

  it('Sync Now going after a sign-out or a 403 clears both: the answer will say again', () => {
    const { next } = decide(ready({ signedOut: true, forbiddenClientId: 'c1' }), 'admin');
    expect(next).toMatchObject({ signedOut: false, forbiddenClientId: null });
  });

  it('deferred by a 429: the plan moves to the wait’s end, and no lease is taken', () => {
    const { next } = decide(ready({ retryNotBefore: NOW + 5_000, nextAttemptAt: NOW }), 'admin');
    expect(next).toMatchObject({ nextAttemptAt: NOW + 5_000, lease: null });
  });

  it('held by the page’s sync: the plan moves to its end at the latest', () => {
    const { next } = decide(ready({ pageSyncUntil: NOW + 4_000 }), 'schedule');
    expect(next).toMatchObject({ nextAttemptAt: NOW + 4_000, lease: null });
  });

  it('blocked by a pause: the plan is cleared (nothing wakes the worker for it)', () => {
    const { next } = decide(ready({ pause: { user: true, locked: false, offline: false, noDashboardTab: false } }), 'schedule');
    expect(next).toMatchObject({ nextAttemptAt: null, lease: null });
    expect(syncView(next, DEFAULT_SETTINGS, NOW).status).toBe('paused');
  });

  it('blocked by being offline: a wake-up stays one interval ahead (the online event reaches only a running worker)', () => {
    const { next } = decide(ready({ nextAttemptAt: null }), 'schedule', { online: false });
    expect(next.nextAttemptAt).toBe(NOW + DEFAULT_SETTINGS.intervalSeconds * 1000);
    expect(next.pause.offline).toBe(true);
  });

  it('the browser’s facts of the moment are recorded, whatever the decision', () => {
    const { next } = decide(ready({ pause: { user: false, locked: false, offline: true, noDashboardTab: true } }), 'schedule');
    expect(next.pause).toMatchObject({ offline: false, noDashboardTab: false });
  });
});
