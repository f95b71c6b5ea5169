/**
 * What the record shows at a moment, as a table: the stored facts (and the settings) in, the
 * status and the message for the current problem out.
 */

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { defaultSyncState, type Attempt, type SyncState } from '../../src/shared/sync-state.ts';
import { INTERRUPTED_MESSAGE, SIGNED_OUT_MESSAGE, syncView, type SyncView } from '../../src/shared/sync-view.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const unpaused = { user: false, locked: false, offline: false, noDashboardTab: false };
const result = (outcome: Attempt['outcome'], clientId = 'c1'): Attempt => ({
  at: new Date(NOW - 60_000).toISOString(),
  clientId,
  trigger: 'alarm',
  outcome,
  httpStatus: null,
  durationMs: 10,
  ordersSynced: null,
  message: null,
});

function record(change: Partial<SyncState>): SyncState {
  return {
    ...defaultSyncState(),
    context: { clientId: 'c1', clientName: 'Bella', isAdmin: true },
    client: { id: 'c1', name: 'Bella' },
    ...change,
  };
}

const rows: { shows: string; facts: Partial<SyncState>; settings?: Partial<Settings>; view: Pick<SyncView, 'status' | 'error'> }[] = [
  { shows: 'a lease held: syncing', facts: { lease: { owner: 'w1.1', expiresAt: NOW + 1 } }, view: { status: 'syncing', error: null } },
  {
    shows: 'a lease past its end: that sync was interrupted (its worker died)',
    facts: { lease: { owner: 'w1.1', expiresAt: NOW }, lastResult: result('success') },
    view: { status: 'error', error: INTERRUPTED_MESSAGE },
  },
  {
    shows: 'no client: idle',
    facts: { context: { clientId: null, clientName: null, isAdmin: true }, client: null },
    view: { status: 'idle', error: null },
  },
  {
    shows: 'not an admin: idle, quietly',
    facts: { context: { clientId: 'c1', clientName: 'Bella', isAdmin: false } },
    view: { status: 'idle', error: null },
  },
  {
    shows: 'a 403 for this client: idle, quietly',
    facts: { forbiddenClientId: 'c1', lastResult: result('forbidden') },
    view: { status: 'idle', error: null },
  },
  {
    shows: 'paused by the admin',
    facts: { pause: { ...unpaused, user: true }, lastResult: result('success') },
    view: { status: 'paused', error: null },
  },
  { shows: 'locked, with the pause on: paused', facts: { pause: { ...unpaused, locked: true } }, view: { status: 'paused', error: null } },
  {
    shows: 'locked, with the pause off: what the last result says',
    facts: { pause: { ...unpaused, locked: true }, lastResult: result('success') },
    settings: { pauseWhenLocked: false },
    view: { status: 'success', error: null },
  },
  { shows: 'offline: paused', facts: { pause: { ...unpaused, offline: true } }, view: { status: 'paused', error: null } },
  { shows: 'signed out, with the way back', facts: { signedOut: true }, view: { status: 'signed-out', error: SIGNED_OUT_MESSAGE } },
  { shows: 'the last sync succeeded', facts: { lastResult: result('success') }, view: { status: 'success', error: null } },
  {
    shows: 'rate limited, with the reason',
    facts: { lastResult: result('rate-limited'), lastFailure: 'Rate limited by Toast (429)' },
    view: { status: 'rate-limited', error: 'Rate limited by Toast (429)' },
  },
  {
    shows: 'failed, with the reason',
    facts: { lastResult: result('error'), lastFailure: 'Boom' },
    view: { status: 'error', error: 'Boom' },
  },
  {
    shows: 'an interrupted sync, recorded: failed',
    facts: { lastResult: result('interrupted'), lastFailure: INTERRUPTED_MESSAGE },
    view: { status: 'error', error: INTERRUPTED_MESSAGE },
  },
  {
    shows: 'the last result was another client’s: nothing yet for this one',
    facts: { lastResult: result('error', 'c9'), lastFailure: 'Boom' },
    view: { status: 'idle', error: null },
  },
  {
    shows: 'a pinned client wins: the page’s client’s result is not its',
    facts: { lastResult: result('success') },
    settings: { pinnedClientId: 'p1', pinnedClientName: 'Pinned' },
    view: { status: 'idle', error: null },
  },
];

describe('syncView: what the record shows now', () => {
  for (const { shows, facts, settings, view } of rows) {
    it(shows, () => {
      expect(syncView(record(facts), { ...DEFAULT_SETTINGS, ...settings }, NOW)).toMatchObject(view);
    });
  }

  it('keeps every fact as it is', () => {
    const state = record({ lastResult: result('success'), nextAttemptAt: NOW + 5 });
    expect(syncView(state, DEFAULT_SETTINGS, NOW)).toMatchObject(state);
  });
});
