import { describe, expect } from 'vitest';
import { ADMIN, BELLA, gaps, test } from './world.ts';
import { sleep, waitUntil } from './wait.ts';

const INTERVAL_S = 2;

describe('syncing in the background', () => {
  test('admin signs in and picks a client: first sync within seconds, with session cookie and extension Origin, then one per interval', async ({
    worlds,
  }) => {
    const w = await worlds.startWorld({ intervalSeconds: INTERVAL_S });
    const tab = await w.tab();
    await tab.signIn(ADMIN);
    const picked = Date.now();
    await tab.selectClient(BELLA.id);

    const [first] = await waitUntil('the first sync', async () => {
      const syncs = await w.extensionSyncs();
      return syncs.length >= 1 ? syncs : undefined;
    });
    expect(first?.atMs).toBeLessThan(picked + 3_000);
    expect(first).toMatchObject({ clientId: BELLA.id, cookie: true, status: 200, origin: `chrome-extension://${w.extension.id}` });

    const badge = await w.extension.waitForBadge('✓');
    expect(badge.title).toMatch(/^Toast sync · Bella's Bistro · last synced/);

    await waitUntil('three more syncs', async () => (await w.extensionSyncs()).length >= 4, 15_000);
    const syncs = await w.extensionSyncs();
    for (const gap of gaps(syncs)) {
      // Alarms fire at their time, never before it; a little after is fine.
      expect(gap).toBeGreaterThanOrEqual(INTERVAL_S * 1000 - 50);
      expect(gap).toBeLessThan(INTERVAL_S * 1000 + 1_500);
    }
    expect(syncs.every((s) => s.clientId === BELLA.id && s.status === 200)).toBe(true);
  });

  test('closing every dashboard tab does not stop syncing', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(INTERVAL_S);
    for (const page of w.browser.context.pages()) await page.close();
    const closedAt = Date.now();
    await waitUntil(
      'two syncs with no dashboard tab open',
      async () => (await w.extensionSyncs()).filter((s) => s.atMs > closedAt).length >= 2,
      10_000,
    );
    expect(w.browser.context.pages()).toHaveLength(0);
  });

  test('five dashboard tabs open still give one request per interval', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(INTERVAL_S);
    for (let i = 0; i < 4; i++) {
      const more = await w.tab();
      await more.open('/visits');
    }
    const dashboardTabs = w.browser.context.pages().filter((p) => p.url().startsWith(w.dashboard.url));
    expect(dashboardTabs).toHaveLength(5);
    const from = Date.now();
    await sleep(INTERVAL_S * 1000 * 4 + 500);
    const window = (await w.extensionSyncs()).filter((s) => s.atMs >= from);
    expect(window.length).toBeGreaterThanOrEqual(3);
    expect(window.length).toBeLessThanOrEqual(5);
    for (const gap of gaps(await w.extensionSyncs())) expect(gap).toBeGreaterThanOrEqual(INTERVAL_S * 1000 - 50);
  });
});
