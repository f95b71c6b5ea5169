/**
 * An update keeps what the previous version stored. The fixture is what version 0.1.0 itself
 * wrote (its own engine, run on this harness at that commit), not a hand-made record: when the
 * record's format changes, these tests fail until a migration carries the old record over.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { parseSettings, SETTINGS_KEY } from '../../src/shared/settings.ts';
import { parseSyncState, SYNC_STATE_KEY, type SyncState } from '../../src/shared/sync-state.ts';
import { syncView } from '../../src/shared/sync-view.ts';
import stored from './fixtures/stored-0.1.0.json' with { type: 'json' };
import { createHarness, jsonAnswer, startClock } from './harness.ts';

/** 0.1.0 named the consecutive-failure count `attempt`, and stored the status it showed. */
type StoredBefore = Omit<SyncState, 'consecutiveFailures'> & { attempt: number; status: string; error: string | null };
const previous = stored['storage.local'][SYNC_STATE_KEY] as unknown as StoredBefore;

describe('updating from 0.1.0', () => {
  it('its sync record is read back whole: nothing reset, nothing dropped, the failure count under its new name', () => {
    const { attempt, status, error, ...rest } = previous;
    expect(attempt).toBeGreaterThan(0);
    const parsed = parseSyncState(previous);
    expect(parsed).toMatchObject({ ...rest, consecutiveFailures: attempt });
    // The status it stored is derived now, and comes out the same (under the settings it was
    // written with: the fixture's pin of another client came after this record).
    expect(syncView(parsed, parseSettings(undefined), (previous.writtenAt ?? 0) + 1_000)).toMatchObject({ status, error });
  });

  it('its settings are read back whole', () => {
    const settings = stored['storage.sync'][SETTINGS_KEY];
    expect(parseSettings(settings)).toEqual(settings);
  });

  it('the new worker goes on from it: the failure count, the planned retry and the history carry over', async () => {
    startClock((previous.writtenAt ?? 0) + 1_000);
    await fakeBrowser.storage.local.set(stored['storage.local']);
    const h = createHarness();
    await h.engine.ready;
    const state = await h.state();
    expect(state).toMatchObject({
      status: 'error',
      consecutiveFailures: previous.attempt,
      lastSyncAt: previous.lastSyncAt,
      client: previous.client,
    });
    expect(state.history).toHaveLength(previous.history.length);
    // Not synced at once as after a reset: the retry waits for the time 0.1.0 planned.
    expect(h.requests).toHaveLength(0);
    const plannedIn = (previous.nextAttemptAt ?? 0) - Date.now();
    h.respond(() => jsonAnswer(200, { ordersSynced: 2 }));
    await h.advance(plannedIn - 1_000);
    expect(h.requests).toHaveLength(0);
    await h.advance(2_000);
    expect(h.requests.map((r) => r.body)).toEqual([{ clientId: previous.client?.id }]);
    expect(await h.state()).toMatchObject({ status: 'success', consecutiveFailures: 0 });
    expect((await h.state()).history).toHaveLength(previous.history.length + 1);
  });
});
