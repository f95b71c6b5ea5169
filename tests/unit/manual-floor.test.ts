import { describe, expect, it } from 'vitest';
import { manualFloor } from '../../src/shared/manual-floor.ts';
import { defaultSyncState, type Attempt, type SyncState } from '../../src/shared/sync-state.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

function entry(sentAgoMs: number, over: Partial<Attempt> = {}): Attempt {
  return {
    at: new Date(NOW - sentAgoMs).toISOString(),
    clientId: 'c1',
    trigger: 'alarm',
    outcome: 'success',
    httpStatus: 200,
    durationMs: 500,
    ordersSynced: 0,
    message: null,
    ...over,
  };
}

function withHistory(history: Attempt[], lastSyncAgoMs: number | null = null): SyncState {
  return {
    ...defaultSyncState(),
    history,
    lastResult: history.at(-1) ?? null,
    lastSyncAt: lastSyncAgoMs === null ? null : new Date(NOW - lastSyncAgoMs).toISOString(),
  };
}

describe('the floor under Sync Now', () => {
  it.each([
    ['nothing yet', [], null],
    [
      'a success answered 3.5 s ago: up to date until 10 s after its answer',
      [entry(4_000)],
      { kind: 'up-to-date', syncedAt: NOW - 3_500, until: NOW + 6_500 },
    ],
    ['a success answered 10 s ago: no longer', [entry(10_500)], null],
    ['a success of another client', [entry(4_000, { clientId: 'c2' })], null],
    ['a success followed by a failure: not up to date', [entry(6_000), entry(2_000, { outcome: 'error' })], null],
    [
      'a manual failure 4 s ago: too soon until 10 s after it was sent',
      [entry(4_000, { trigger: 'manual', outcome: 'error' })],
      { kind: 'too-soon', until: NOW + 6_000 },
    ],
    [
      'a shortcut sync of another client 2 s ago counts too',
      [entry(2_000, { trigger: 'shortcut', outcome: 'error', clientId: 'c2' })],
      { kind: 'too-soon', until: NOW + 8_000 },
    ],
    ['an automatic failure does not hold Sync Now', [entry(2_000, { outcome: 'error' })], null],
    ['a time ahead of the clock (it was set back) holds nothing', [entry(-60_000, { trigger: 'manual' })], null],
  ] as const)('%s', (_name, history, expected) => {
    expect(manualFloor(withHistory([...history]), 'c1', NOW)).toEqual(expected);
  });

  it('up to date names when the data was synced: a cached sync is older than its answer', () => {
    expect(manualFloor(withHistory([entry(2_000)], 40_000), 'c1', NOW)).toEqual({
      kind: 'up-to-date',
      syncedAt: NOW - 40_000,
      until: NOW + 8_500,
    });
  });
});
