import { describe, expect } from 'vitest';
import { BELLA, E2E_TIMEOUT_MS, test } from './world.ts';
import { waitUntil } from './wait.ts';

describe('resilience', () => {
  test('a slow answer is aborted and reported, never leaving "syncing"', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(3);
    await w.dashboard.script({ kind: 'slow', ms: E2E_TIMEOUT_MS + 4_000 });
    const badge = await w.extension.waitForBadge('!', E2E_TIMEOUT_MS + 8_000);
    expect(badge.title).toContain(`did not answer within ${E2E_TIMEOUT_MS / 1000} s`);
    const state = await w.extension.state();
    expect(state.lastResult?.outcome).toBe('error');
    expect(state.lease).toBeNull();
    expect(state.lastResult).toMatchObject({ outcome: 'error', httpStatus: null });
    expect(state.lastResult?.durationMs).toBeGreaterThanOrEqual(E2E_TIMEOUT_MS - 50);
    // The retry comes 0.5–1.5 intervals later and succeeds.
    await w.extension.waitForBadge('✓', 10_000);
  });

  test('the worker stopped mid-sync leaves no stuck status and the next sync happens on time', async ({ worlds }) => {
    const intervalMs = 6_000;
    const { world: w } = await worlds.syncingWorld(intervalMs / 1000);
    const page = w.browser.context.pages()[0];
    if (page === undefined) throw new Error('no page');
    await w.dashboard.script({ kind: 'slow', ms: 3_000 });
    await waitUntil('a sync in flight', async () => (await w.extension.state()).lease !== null, 15_000);
    const startedAt = Date.now();
    await w.extension.stopWorker(page);
    const count = (await w.extensionSyncs()).length;
    // The watchdog alarm comes at one interval, or at the lease's end when the worker was stopped
    // before it could make it (its fallback); then the interrupted sync is retried like any
    // failure (0.5–1.5 intervals later), plus up to a second for Chromium to wake the worker.
    const leaseMs = E2E_TIMEOUT_MS + 5_000;
    const bound = Math.max(intervalMs, leaseMs) + intervalMs * 1.5 + 1_000;
    // Nothing here wakes the worker: only its alarm can bring the next sync. The dashboard logs
    // a request once it has answered, and when the stop came before the first request left,
    // the retry is the one that gets the 3 s slow answer.
    const next = await waitUntil('the next sync', async () => (await w.extensionSyncs())[count], bound + 3_000 + 5_000);
    expect(next.atMs - startedAt).toBeLessThan(bound);
    await w.extension.waitForBadge('✓');
    const state = await w.extension.state();
    expect(state.lastResult?.outcome).toBe('success');
    expect(state.history.some((a) => a.outcome === 'interrupted')).toBe(true);
  });

  test('restarting the browser with the same profile resumes syncing without opening the dashboard', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(2);
    await waitUntil('two syncs', async () => (await w.extensionSyncs()).length >= 2);
    await w.restartBrowser();
    const restartedAt = Date.now();
    expect(w.browser.context.pages().filter((p) => p.url().startsWith(w.dashboard.url))).toHaveLength(0);
    const next = await waitUntil(
      'a sync after the restart',
      async () => (await w.extensionSyncs()).find((s) => s.atMs > restartedAt),
      10_000,
    );
    expect(next).toMatchObject({ status: 200, cookie: true, clientId: BELLA.id });
  });
});
