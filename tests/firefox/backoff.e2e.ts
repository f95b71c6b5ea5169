import { describe, expect } from 'vitest';
import { test } from './world.ts';
import { waitUntil } from '../e2e/wait.ts';

const RETRY_AFTER_S = 6;

describe('rate limits in Firefox', () => {
  test('429 with Retry-After: nothing before it elapses, badge "wait", then syncing resumes', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(2);
    // The next automatic sync meets it.
    await w.dashboard.script({ kind: 'rate-limit', retryAfter: String(RETRY_AFTER_S) });
    const limited = await waitUntil('the 429', async () => (await w.extensionSyncs()).find((s) => s.status === 429), 10_000);
    const badge = await w.extension.waitForBadge('wait');
    expect(badge.title).toMatch(/^Toast sync · Bella's Bistro · rate limited, retrying in \d+ seconds?/);

    const notBefore = limited.atMs + RETRY_AFTER_S * 1000;
    const next = await waitUntil(
      'the retry',
      async () => (await w.extensionSyncs()).find((s) => s.atMs > limited.atMs),
      notBefore - Date.now() + 6_000,
    );
    expect(next.atMs).toBeGreaterThanOrEqual(notBefore - 50);
    expect(next.atMs).toBeLessThan(notBefore + 2_500);
    expect(next.status).toBe(200);
    await w.extension.waitForBadge('✓');
    // …and the regular interval again after it.
    await waitUntil('a regular sync after the retry', async () => (await w.extensionSyncs()).some((s) => s.atMs > next.atMs), 5_000);
    console.log(`firefox: retry ${next.atMs - notBefore} ms after Retry-After elapsed`);
  });
});
