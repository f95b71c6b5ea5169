/**
 * The extension against the real Next.js dashboard (examples/crm-dashboard, production build):
 * server-rendered and hydrated pages, server-action sign-in and Sign Out, client-side
 * navigation. Each test does what the admin does, in the admin's order.
 */

import { describe, expect } from 'vitest';
import { ADMIN, BELLA, HARBOR, STAFF, test } from './world.ts';
import { indicatorAboveSignOut, indicatorCount, INDICATOR, loadTimes, watchPage } from './page-watch.ts';
import { sleep, waitUntil } from './wait.ts';

const LOADS = 10;
/** The indicator joins within this long after React hydrated the page. */
const AFTER_HYDRATION_MS = 300;

describe('the Next.js dashboard with the extension installed', () => {
  test(`${LOADS} full loads of a server-rendered page: no hydration error or warning, the indicator above Sign Out soon after hydration`, async ({
    worlds,
  }) => {
    const started = await worlds.syncingWorld(60, {});
    const world = started.world;
    const { page } = started.tab;
    const log = await watchPage(page);
    const delays: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto(`${world.dashboard.url}/visits`);
      await page.waitForFunction(
        () => performance.getEntriesByName('crm:hydrated').length > 0 && document.querySelector('[data-toast-sync-indicator]') !== null,
      );
      const times = await loadTimes(page);
      delays.push(times.indicator - times.hydrated);
      // Never inside a tree React had yet to hydrate: Sign Out was React's when the indicator came.
      expect(times.besideHydrated).toBe(true);
      expect(await indicatorAboveSignOut(page)).toBe(true);
    }
    console.log(
      `hydration → indicator, ms per load: ${delays.map((d) => d.toFixed(0)).join(', ')}; console problems: ${log.problems.length}`,
    );
    expect(log.problems).toEqual([]);
    // Soon after hydration. (The mark comes from the page's first effect, which React may run a
    // moment after its commit, so the indicator can precede it by a few milliseconds.)
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(AFTER_HYDRATION_MS);
  });

  test('client-side navigation, back and forward: one indicator, still above Sign Out, no console problems', async ({ worlds }) => {
    const started = await worlds.syncingWorld(60, {});
    const world = started.world;
    const { page } = started.tab;
    const log = await watchPage(page);
    await page.goto(`${world.dashboard.url}/visits`);
    await page.waitForSelector(INDICATOR);
    for (const [link, path] of [
      ['Orders', '/orders'],
      ['Toast Settings', '/settings/toast'],
      ['Visits', '/visits'],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.waitForURL((url) => url.pathname === path);
      await page.waitForSelector('h1');
      expect(await indicatorAboveSignOut(page)).toBe(true);
    }
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/settings/toast');
    expect(await indicatorAboveSignOut(page)).toBe(true);
    await page.goForward();
    await page.waitForURL((url) => url.pathname === '/visits');
    expect(await indicatorAboveSignOut(page)).toBe(true);
    // One page load only: the rest were client-side navigations.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(log.problems).toEqual([]);
  });

  test('Sign Out, then signing in again through the form with no page load: syncing resumes within 5 s', async ({ worlds }) => {
    const started = await worlds.syncingWorld(2, {});
    const w = started.world;
    const { page } = started.tab;
    await started.tab.signOut();
    await w.extension.waitForBadge('?');
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const count = (await w.extensionSyncs()).length;
    await sleep(3_000); // two intervals: signed out, the extension sends nothing on its own
    expect(await w.extensionSyncs()).toHaveLength(count);
    const signedInAt = Date.now();
    await started.tab.signInHere(ADMIN);
    const resumed = await waitUntil('a successful sync after signing in', async () =>
      (await w.extensionSyncs()).find((s) => s.atMs >= signedInAt && s.status === 200),
    );
    const seconds = (resumed.atMs - signedInAt) / 1000;
    console.log(`sign-in → first successful sync: ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(5);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await w.extension.waitForBadge('✓');
  });

  for (const announce of [true, false]) {
    test(`switching client ${announce ? 'with' : 'without'} the page's announcement syncs the new client at once`, async ({ worlds }) => {
      const started = await worlds.syncingWorld(60, { announce });
      const w = started.world;
      const switchedAt = Date.now();
      await started.tab.selectClient(HARBOR.id);
      const moved = await waitUntil('a sync of Harbor Grill', async () => (await w.extensionSyncs()).find((s) => s.clientId === HARBOR.id));
      expect(moved.atMs - switchedAt).toBeLessThan(5_000);
      expect(moved.status).toBe(200);
      // The tab shows its indicator for the new client.
      await started.tab.page.waitForSelector(INDICATOR);
      expect(await indicatorAboveSignOut(started.tab.page)).toBe(true);
    });

    test(`staff ${announce ? 'with' : 'without'} the announcement: ${announce ? 'no request' : 'at most one request'}, then silence, no red badge, no sidebar row`, async ({
      worlds,
    }) => {
      const w = await worlds.startWorld({ announce, intervalSeconds: 1 });
      const tab = await w.tab();
      const log = await watchPage(tab.page);
      // A client id left in this browser's localStorage (another user, an earlier session).
      await tab.open('/login');
      await tab.page.evaluate((id) => localStorage.setItem('currentClientId', id), BELLA.id);
      await tab.signInHere(STAFF);
      for (const link of ['Orders', 'Visits']) await tab.page.getByRole('link', { name: link }).click();
      await tab.open('/orders'); // and a full load
      await sleep(4_000); // four intervals of the e2e build
      // Requests made with the staff session (a stored client id on the login page may cost one 401 before it).
      const staffSyncs = (await w.extensionSyncs()).filter((s) => s.cookie);
      console.log(
        `staff ${announce ? 'with' : 'without'} announcement: ${staffSyncs.length} request(s), statuses ${staffSyncs.map((s) => s.status).join(',')}`,
      );
      expect(staffSyncs.length).toBeLessThanOrEqual(announce ? 0 : 1);
      for (const s of staffSyncs) expect(s.status).toBe(403);
      const badge = await w.extension.badge();
      expect(badge.text).toBe('');
      if (!announce) expect(badge.title).toBe('Toast sync · off: this dashboard account is not an admin');
      expect(await indicatorCount(tab.page)).toBe(0);
      expect(log.problems.filter((p) => !p.includes('403'))).toEqual([]);
    });
  }

  test("the page's own Sync Now is observed: the extension's countdown restarts, the status refreshes", async ({ worlds }) => {
    const intervalMs = 4_000;
    const started = await worlds.syncingWorld(intervalMs / 1000, {});
    const w = started.world;
    const { page } = started.tab;
    await page.getByRole('link', { name: 'Toast Settings' }).click();
    await page.waitForURL(/\/settings\/toast/);
    // Just after one of the extension's syncs, so its next one is due well after the page's.
    const before = (await w.extensionSyncs()).length;
    await waitUntil('an extension sync', async () => (await w.extensionSyncs()).length > before, intervalMs + 5_000);
    await sleep(intervalMs / 2);
    const clickedAt = Date.now();
    await page.click('#page-sync-now');
    await page.waitForFunction(() => /Synced \d+ order/.test(document.querySelector('#page-sync-result')?.textContent ?? ''));
    const pageSync = (await w.dashboard.syncs()).find((s) => s.atMs >= clickedAt - 50 && s.origin === w.dashboard.url);
    expect(pageSync?.status).toBe(200);
    const next = await waitUntil(
      'the extension’s next sync',
      async () => (await w.extensionSyncs()).find((s) => s.atMs > (pageSync?.atMs ?? 0)),
      intervalMs + 5_000,
    );
    // Counted from the page's sync, not from the extension's own last one.
    expect(next.atMs - (pageSync?.atMs ?? 0)).toBeGreaterThanOrEqual(intervalMs - 100);
  });

  test('a 429 with Retry-After: nothing before it, then the retry', async ({ worlds }) => {
    const started = await worlds.syncingWorld(1, {});
    const w = started.world;
    await w.dashboard.script({ kind: 'rate-limit', retryAfter: 4 });
    const limited = await waitUntil('the 429', async () => (await w.extensionSyncs()).find((s) => s.status === 429));
    await w.extension.waitForBadge('wait');
    const retry = await waitUntil('the retry', async () => (await w.extensionSyncs()).find((s) => s.atMs > limited.atMs), 10_000);
    expect(retry.atMs - limited.atMs).toBeGreaterThanOrEqual(4_000);
    expect(retry.status).toBe(200);
  });
});
