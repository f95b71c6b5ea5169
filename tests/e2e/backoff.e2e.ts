import { describe, expect } from 'vitest';
import { gaps, test, type WorldLauncher } from './world.ts';
import { waitUntil } from './wait.ts';

const INTERVAL_S = 2;

/**
 * `retryAfter` is made once the admin is syncing, just before the 429 is scripted (an HTTP-date
 * made earlier could be past by then); `earliest` is the first moment a retry is allowed.
 */
async function retryAfterScenario(
  worlds: WorldLauncher,
  retryAfterNow: () => string,
  earliest: (limitedAtMs: number, retryAfter: string) => number,
): Promise<void> {
  const { world: w } = await worlds.syncingWorld(INTERVAL_S);
  const retryAfter = retryAfterNow();
  await w.dashboard.script({ kind: 'rate-limit', retryAfter });
  const limited = await waitUntil('the 429', async () => (await w.extensionSyncs()).find((s) => s.status === 429));
  const badge = await w.extension.waitForBadge('wait');
  expect(badge.title).toMatch(/^Toast sync · Bella's Bistro · rate limited, retrying in \d+ seconds?/);
  // Sync Now from the extension's own page must not send anything during the wait.
  const page = await w.browser.context.newPage();
  await page.goto(`chrome-extension://${w.extension.id}/src/popup/index.html`);
  const reply = await page.evaluate<unknown>(() => chrome.runtime.sendMessage({ type: 'sync-now' }));
  expect(reply).toMatchObject({ kind: 'deferred' });

  const notBefore = earliest(limited.atMs, retryAfter);
  const next = await waitUntil(
    'the retry',
    async () => (await w.extensionSyncs()).find((s) => s.atMs > limited.atMs),
    notBefore - Date.now() + 6_000,
  );
  expect(next.atMs).toBeGreaterThanOrEqual(notBefore - 50);
  expect(next.atMs).toBeLessThan(notBefore + 2_500);
  expect(next.status).toBe(200);
  await w.extension.waitForBadge('✓');
}

describe('rate limits', () => {
  test('429 with Retry-After in seconds: nothing before it elapses, badge "wait", then recovery', async ({ worlds }) => {
    await retryAfterScenario(
      worlds,
      () => '6',
      (limitedAt) => limitedAt + 6_000,
    );
  });

  test('429 with Retry-After as an HTTP-date: the same', async ({ worlds }) => {
    // An HTTP-date is absolute (whole seconds): no retry before that moment.
    await retryAfterScenario(
      worlds,
      () => new Date(Date.now() + 8_000).toUTCString(),
      (_limitedAt, date) => Date.parse(date),
    );
  });

  test('429 without Retry-After: growing delays that reset after a success', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(INTERVAL_S);
    const before = (await w.extensionSyncs()).length;
    await w.dashboard.script({ kind: 'rate-limit', count: 3 });
    await waitUntil(
      'three 429s and a success',
      async () => {
        const after = (await w.extensionSyncs()).slice(before);
        return after.length >= 4 && after[3]?.status === 200;
      },
      20_000,
    );
    const run = (await w.extensionSyncs()).slice(before - 1, before + 4);
    const [, d1, d2, d3] = gaps(run) as [number, number, number, number];
    // 1 s, 2 s, 4 s, each plus up to 1 s of jitter.
    expect(d1).toBeGreaterThanOrEqual(1_000 - 50);
    expect(d1).toBeLessThan(2_000 + 500);
    expect(d2).toBeGreaterThanOrEqual(2_000 - 50);
    expect(d2).toBeLessThan(3_000 + 500);
    expect(d3).toBeGreaterThanOrEqual(4_000 - 50);
    expect(d3).toBeLessThan(5_000 + 500);

    // After the success, a new 429 starts the curve again at 1 s.
    await waitUntil('the regular sync after recovery', async () => (await w.extensionSyncs()).length >= before + 5, 10_000);
    const mark = (await w.extensionSyncs()).length;
    await w.dashboard.script({ kind: 'rate-limit', count: 1 });
    await waitUntil('one 429 and the retry', async () => (await w.extensionSyncs()).length >= mark + 2, 15_000);
    const again = (await w.extensionSyncs()).slice(mark);
    const retryGap = (again[1]?.atMs ?? 0) - (again[0]?.atMs ?? 0);
    expect(again[0]?.status).toBe(429);
    expect(retryGap).toBeGreaterThanOrEqual(1_000 - 50);
    expect(retryGap).toBeLessThan(2_000 + 500);
  });
});
