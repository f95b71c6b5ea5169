/**
 * Dashboard tabs that were open before the extension started: installed, updated, re-enabled,
 * or pointed at a new dashboard address. The admin works in the tab first; the extension comes
 * second. No reload of the tab, no waiting on the extension's internals.
 */

import { describe, expect } from 'vitest';
import { ADMIN, BELLA, DashboardTab, test, type World } from './world.ts';
import { indicatorAboveSignOut, indicatorCount, INDICATOR, watchPage } from './page-watch.ts';
import { waitUntil } from './wait.ts';

/** The admin at work: signed in, Bella's Bistro selected, on a page with the sidebar. */
async function adminAtWork(w: World): Promise<DashboardTab> {
  const tab = await w.tab();
  await tab.signIn(ADMIN);
  await tab.selectClient(BELLA.id);
  await tab.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  return tab;
}

async function expectSameDocument(tab: DashboardTab): Promise<void> {
  expect(await tab.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
}

async function syncSince(w: World, since: number): Promise<number> {
  const sync = await waitUntil(
    'a sync by the extension',
    async () => (await w.extensionSyncs()).find((s) => s.atMs >= since && s.status === 200),
    10_000,
  );
  return (sync.atMs - since) / 1000;
}

describe('dashboard tabs open before the extension starts', () => {
  for (const announce of [true, false]) {
    test(`installing it: the open tab gets its indicator and syncs within 5 s, no reload (${announce ? 'page announces' : 'localStorage only'})`, async ({
      worlds,
    }) => {
      const w = await worlds.startWorld({ install: 'later', announce });
      const tab = await adminAtWork(w);
      const log = await watchPage(tab.page);
      const installedAt = Date.now();
      await w.install();
      const seconds = await syncSince(w, installedAt);
      console.log(`install → first sync (${announce ? 'announced' : 'localStorage'}): ${seconds.toFixed(2)} s`);
      expect(seconds).toBeLessThan(5);
      await tab.page.waitForSelector(INDICATOR);
      expect(await indicatorAboveSignOut(tab.page)).toBe(true);
      await expectSameDocument(tab);
      expect(log.problems).toEqual([]);
    });
  }

  test('a tab opened while the extension starts gets exactly one copy of the content script', async ({ worlds }) => {
    const w = await worlds.startWorld({ install: 'later' });
    const installing = w.install();
    const tab = await adminAtWork(w);
    await installing;
    await tab.page.waitForSelector(INDICATOR);
    await syncSince(w, 0);
    // A second copy would add a second indicator, or fight the first over the same place.
    for (let i = 0; i < 5; i++) {
      expect(await indicatorCount(tab.page)).toBe(1);
      await tab.page.waitForTimeout(200);
    }
  });

  test('updating (reloading) it: the old copy leaves, the new one takes over the open tab, syncing goes on, nothing stored is lost, no double sync', async ({
    worlds,
  }) => {
    const w = await worlds.startWorld({ intervalSeconds: 2 });
    const tab = await adminAtWork(w);
    await tab.page.waitForSelector(INDICATOR);
    await syncSince(w, 0);
    const before = await w.extension.state();
    // An update of an unpacked extension: the same folder loaded again.
    const reloadedAt = Date.now();
    await w.install();
    const seconds = await syncSince(w, reloadedAt);
    console.log(`update → next sync: ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(5);
    await waitUntil(
      'one indicator, from the new copy',
      async () => (await indicatorCount(tab.page)) === 1 && (await indicatorAboveSignOut(tab.page)),
    );
    // The new copy answers: the page's Sync Now click through the indicator reaches the new worker.
    expect(await tab.page.locator(`${INDICATOR} .text`).innerText()).not.toBe('');
    await expectSameDocument(tab);
    // What the old copy stored carries over: the history grew from it, the admin's 2-s interval held.
    const after = await w.extension.state();
    expect(after.history.slice(0, before.history.length)).toEqual(before.history);
    expect(after.history.length).toBeGreaterThan(before.history.length);
    // The old worker and the new one never sent at once.
    const syncs = await w.extensionSyncs();
    const closest = Math.min(...syncs.slice(1).map((s, i) => s.atMs - (syncs[i]?.atMs ?? 0)));
    console.log(`closest two syncs around the update: ${closest} ms apart (interval 2000 ms)`);
    expect(closest).toBeGreaterThan(1_000);
  });

  test('disabling and enabling it again: the open tab gets the content script back and syncs within 5 s', async ({ worlds }) => {
    const w = await worlds.startWorld({ intervalSeconds: 2 });
    const tab = await adminAtWork(w);
    await tab.page.waitForSelector(INDICATOR);
    await w.extension.disableAndEnable();
    const enabledAt = Date.now();
    const seconds = await syncSince(w, enabledAt);
    console.log(`re-enable → next sync: ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(5);
    await waitUntil('the indicator back above Sign Out', () => indicatorAboveSignOut(tab.page));
    await expectSameDocument(tab);
  });

  test('a new dashboard address: its open tab gets the content script and syncs within 5 s once access is granted', async ({ worlds }) => {
    const w = await worlds.startWorld({});
    const other = await worlds.dashboard({ port: w.dashboard.port + 1, freshSeconds: 0 });
    const tab = await w.tab();
    // The admin works on the other dashboard first.
    const page = tab.page;
    const there = new DashboardTab(page, other.url);
    await there.signIn(ADMIN);
    await there.selectClient(BELLA.id);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    // Then moves the extension there in the options page, granting access when Chrome asks.
    await w.extension.grantHost(`${other.url}/*`);
    await w.extension.grantHost(`${other.url.replace('localhost', '127.0.0.1')}/*`);
    const options = await w.browser.context.newPage();
    await options.goto(`chrome-extension://${w.extension.id}/src/options/index.html`);
    await options.getByLabel('Dashboard address').fill(other.url);
    const movedAt = Date.now();
    await options.getByRole('button', { name: 'Save' }).click();
    const sync = await waitUntil(
      'a sync on the new dashboard',
      async () => (await other.syncs()).find((s) => s.origin?.startsWith('chrome-extension://') && s.status === 200),
      10_000,
    );
    console.log(`new address granted → first sync there: ${((sync.atMs - movedAt) / 1000).toFixed(2)} s`);
    expect(sync.atMs - movedAt).toBeLessThan(5_000);
    await page.waitForSelector(INDICATOR);
    expect(await indicatorAboveSignOut(page)).toBe(true);
    await expectSameDocument(tab);
  });
});
