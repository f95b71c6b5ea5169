import { describe, expect } from 'vitest';
import { test } from './world.ts';
import { waitUntil } from '../e2e/wait.ts';

const INTERVAL_MS = 3_000;

describe('the event page in Firefox', () => {
  test('terminated between syncs, its alarm wakes it for the next sync on time; terminated mid-sync, nothing stays "syncing"', async ({
    worlds,
  }) => {
    const { world: w } = await worlds.syncingWorld(INTERVAL_MS / 1000);

    // Right after a sync, so the next one is a whole interval away.
    const base = (await w.extensionSyncs()).length;
    await waitUntil('a sync to finish', async () => (await w.extensionSyncs()).length > base, INTERVAL_MS + 3_000, 20);
    const { nextAttemptAt } = await waitUntil('the next sync scheduled', async () => {
      const state = await w.extension.state();
      return state.lastResult?.outcome === 'success' && state.lease === null && state.nextAttemptAt !== null ? state : undefined;
    });
    const due = nextAttemptAt ?? 0;
    const count = (await w.extensionSyncs()).length;
    await w.extension.terminateBackground();
    // Reading the record and the badge (from an extension page) does not wake it.
    expect((await w.extension.state()).lastResult?.outcome).toBe('success');
    expect((await w.extension.badge()).text).toBe('✓');
    expect(await w.extension.backgroundState()).toBe('stopped');

    const wokeAt = await waitUntil(
      'the background to start again',
      async () => ((await w.extension.backgroundState()) !== 'stopped' ? Date.now() : undefined),
      INTERVAL_MS + 5_000,
      20,
    );
    const next = await waitUntil('the next sync', async () => (await w.extensionSyncs())[count], 5_000, 20);
    expect(wokeAt).toBeGreaterThanOrEqual(due - 100); // woken by the alarm, not before it
    expect(next.atMs).toBeGreaterThanOrEqual(due - 50);
    expect(next.atMs).toBeLessThan(due + 1_500);
    expect(next).toMatchObject({ status: 200, cookie: true });
    console.log(`firefox: terminated background woken ${wokeAt - due} ms after its alarm was due; sync ${next.atMs - due} ms after`);

    // Now mid-request: the dashboard holds the next answer 3 s, and the admin's browser stops
    // the background while the request is out.
    await w.dashboard.script({ kind: 'slow', ms: 3_000 });
    await waitUntil('a sync in flight', async () => (await w.extension.state()).lease !== null, INTERVAL_MS + 5_000, 20);
    // Cut only once the request is at the dashboard (under load it can take a second to get there).
    await waitUntil(
      'the slow request to reach the dashboard',
      async () => (await w.dashboard.inFlight()).some((s) => s.fault === 'slow'),
      5_000,
      20,
    );
    await w.extension.terminateBackground();
    const stoppedAt = Date.now();
    const cut = await waitUntil(
      'the cut request in the log',
      async () => (await w.dashboard.syncs()).find((s) => s.fault === 'slow'),
      5_000,
    );
    expect(cut.status).toBe(0); // the dashboard saw the client go away: it really was cut
    const unstuck = await waitUntil(
      'the lease to be recovered',
      async () => {
        const state = await w.extension.state();
        return state.lease === null ? Date.now() : undefined;
      },
      INTERVAL_MS + 2_000,
      20,
    );
    // The interrupted sync is retried like any failure, 0.5–1.5 intervals later.
    const after = await waitUntil(
      'a sync after the interruption',
      async () => (await w.extensionSyncs()).find((s) => s.atMs > stoppedAt),
      INTERVAL_MS * 2.5 + 5_000,
    );
    expect(after.atMs - stoppedAt).toBeLessThan(INTERVAL_MS * 2.5 + 1_000);
    expect(after).toMatchObject({ status: 200, cookie: true });
    await w.extension.waitForBadge('✓');
    const state = await w.extension.state();
    expect(state.lastResult?.outcome).toBe('success');
    expect(state.lease).toBeNull();
    expect(state.history.some((a) => a.outcome === 'interrupted')).toBe(true);
    console.log(
      `firefox: terminated mid-request, its lease was recovered ${unstuck - stoppedAt} ms later; next sync ${after.atMs - stoppedAt} ms later`,
    );
  });
});
