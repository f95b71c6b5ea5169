import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, BELLA, HARBOR, STAFF, test } from './world.ts';
import { sleep, waitUntil } from './wait.ts';

const INDICATOR = '[data-toast-sync-indicator]';

/** Runs in the page's own world before its scripts: when things appear, and what shifted. */
function watchPage(): void {
  const w = window as unknown as { __probe: { signOutAt: number[]; indicatorAt: number[]; shiftedSignOut: number } };
  w.__probe = { signOutAt: [], indicatorAt: [], shiftedSignOut: 0 };
  // Remembered in a WeakSet: a mark on the page's own nodes would upset React's hydration.
  const seen = new WeakSet<Element>();
  new MutationObserver(() => {
    const signOut = document.getElementById('sign-out');
    if (signOut !== null && !seen.has(signOut)) {
      seen.add(signOut);
      w.__probe.signOutAt.push(performance.now());
    }
    const indicator = document.querySelector('[data-toast-sync-indicator]');
    if (indicator !== null && !seen.has(indicator)) {
      seen.add(indicator);
      w.__probe.indicatorAt.push(performance.now());
    }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { sources?: { node?: Node | null }[] }[]) {
      if (entry.sources?.some((s) => s.node instanceof Element && s.node.id === 'sign-out')) w.__probe.shiftedSignOut++;
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

interface Probe {
  signOutAt: number[];
  indicatorAt: number[];
  shiftedSignOut: number;
  domContentLoaded: number;
}

async function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => ({
    ...(window as unknown as { __probe: Omit<Probe, 'domContentLoaded'> }).__probe,
    domContentLoaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart,
  }));
}

const indicatorText = (page: Page): Promise<string> => page.locator(`${INDICATOR} .text`).innerText();

async function indicatorCount(page: Page): Promise<number> {
  return page.locator(INDICATOR).count();
}

async function isJustAboveSignOut(page: Page): Promise<boolean> {
  return page.evaluate(() => document.querySelector('[data-toast-sync-indicator]')?.nextElementSibling?.id === 'sign-out');
}

describe('the sidebar indicator in Chromium', () => {
  test('appears just above Sign Out and moves from syncing to success live', async ({ worlds }) => {
    const w = await worlds.startWorld({ intervalSeconds: 60 });
    const tab = await w.tab();
    await tab.page.addInitScript(watchPage);
    await tab.signIn(ADMIN);
    expect(await indicatorCount(tab.page)).toBe(0); // no client selected yet
    await w.dashboard.script({ kind: 'slow', ms: 1_500 });
    await tab.selectClient(BELLA.id);
    await waitUntil('"Syncing…"', async () => (await indicatorText(tab.page).catch(() => '')) === 'Syncing…');
    expect(await isJustAboveSignOut(tab.page)).toBe(true);
    await waitUntil('"Last synced"', async () => /^Last synced \d+s ago$/.test(await indicatorText(tab.page)), 10_000);
    expect(await indicatorCount(tab.page)).toBe(1);
    expect((await probe(tab.page)).shiftedSignOut).toBe(0);
  });

  test('switching client in the picker switches what is synced', async ({ worlds }) => {
    const started = await worlds.syncingWorld(60);
    const w = started.world;
    await started.tab.selectClient(HARBOR.id);
    const moved = await waitUntil('a sync of Harbor Grill', async () => (await w.extensionSyncs()).find((s) => s.clientId === HARBOR.id));
    expect(moved.status).toBe(200);
    await w.extension.waitForBadge('✓');
    expect((await w.extension.badge()).title).toMatch(/^Toast sync · Harbor Grill · /);
  });

  test('client-side navigation keeps exactly one indicator, above Sign Out, which never shifts; time to indicator printed', async ({
    worlds,
  }) => {
    const started = await worlds.syncingWorld(60);
    const page = started.tab.page;
    await page.addInitScript(watchPage);
    await page.reload();
    await waitUntil('the indicator', async () => (await indicatorCount(page)) === 1);
    const first = await probe(page);
    for (const label of ['Orders', 'Toast Settings', 'Visits', 'Orders', 'Visits']) {
      await page.getByRole('link', { name: label }).click();
      await page.waitForFunction((l) => document.title.startsWith(l), label);
      expect(await indicatorCount(page)).toBe(1);
      expect(await isJustAboveSignOut(page)).toBe(true);
    }
    await page.goBack();
    expect(await indicatorCount(page)).toBe(1);
    const after = await probe(page);
    // The server-rendered sidebar stays across client-side navigations (a sidebar the page
    // replaces is covered by the component tests), and Sign Out never moved.
    expect(after.shiftedSignOut).toBe(0);
    const dcl = first.domContentLoaded;
    const sidebar = first.signOutAt[0] ?? NaN;
    const indicator = first.indicatorAt[0] ?? NaN;
    console.log(
      `indicator after reload: DOMContentLoaded → indicator ${(indicator - dcl).toFixed(1)} ms; ` +
        `Sign Out parsed → indicator ${(indicator - sidebar).toFixed(1)} ms`,
    );
    expect(indicator).toBeGreaterThanOrEqual(sidebar);
  });

  test('when the extension is reloaded, the orphaned script removes its indicator', async ({ worlds }) => {
    const started = await worlds.syncingWorld(60);
    const world = started.world;
    const page = started.tab.page;
    await waitUntil('the indicator', async () => (await indicatorCount(page)) === 1);
    // The worker goes down with the reload, so the evaluate may not return an answer.
    const worker = await world.extension.worker();
    await worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    await waitUntil('the indicator to go', async () => (await indicatorCount(page)) === 0, 5_000);
    // The page itself keeps working.
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.waitForFunction(() => document.title.startsWith('Orders'));
    expect(await page.locator('#sign-out').count()).toBe(1);
  });

  test('is hidden for the non-admin', async ({ worlds }) => {
    const world = await worlds.startWorld({ intervalSeconds: 60 });
    const tab = await world.tab();
    await tab.signIn(STAFF);
    await tab.page.evaluate((id) => localStorage.setItem('currentClientId', id), BELLA.id);
    await tab.page.reload();
    await tab.page.waitForSelector('#sign-out');
    await sleep(1_500);
    expect(await indicatorCount(tab.page)).toBe(0);
  });

  test('an error message carrying markup shows as text and runs nothing', async ({ worlds }) => {
    const started = await worlds.syncingWorld(3);
    const w = started.world;
    const page = started.tab.page;
    const hostile = 'Toast says <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    // The next automatic sync meets it.
    await w.dashboard.script({ kind: 'server-error', body: 'json', message: hostile });
    await waitUntil('the error', async () => (await indicatorText(page)).includes('Toast says'));
    expect(await indicatorText(page)).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator(`${INDICATOR} img, ${INDICATOR} script`).count()).toBe(0);
    expect((await w.extension.badge()).title).toContain('<img src=x');
  });

  test('Sync now in the sidebar right after a sync sends nothing; ten seconds later it sends one', async ({ worlds }) => {
    const started = await worlds.syncingWorld(60);
    const w = started.world;
    const page = started.tab.page;
    const before = (await w.extensionSyncs()).length;
    for (let i = 0; i < 3; i++) {
      await page.locator(`${INDICATOR} .status`).click();
      await page.locator(`${INDICATOR} .sync-now`).click();
      await sleep(300);
    }
    expect(await indicatorText(page)).toMatch(/^Last synced/);
    expect((await w.extensionSyncs()).length - before).toBe(0);
    await sleep(10_000);
    await page.locator(`${INDICATOR} .status`).click();
    await page.locator(`${INDICATOR} .sync-now`).click();
    await waitUntil('the sidebar’s sync', async () => (await w.extensionSyncs()).length - before === 1);
  });

  test('the settings page’s own Sync Now works, its Integration Status refreshes, and the extension does not sync right after', async ({
    worlds,
  }) => {
    const intervalMs = 8_000;
    const started = await worlds.syncingWorld(intervalMs / 1000);
    const w = started.world;
    const page = started.tab.page;
    await page.getByRole('link', { name: 'Toast Settings' }).click();
    const lastSyncAt = page.locator('#last-sync-at');
    await waitUntil(
      'the integration status',
      async () => (await lastSyncAt.innerText()) !== '' && (await lastSyncAt.innerText()) !== 'Never',
    );
    await sleep(1_000);
    const before = await lastSyncAt.innerText();
    const pageSyncAt = Date.now();
    await page.locator('#page-sync-now').click();
    await waitUntil('the page’s own result', async () => /^Synced \d+ orders?$/.test(await page.locator('#page-sync-result').innerText()));
    const pageSync = (await w.dashboard.syncs()).find((s) => s.atMs >= pageSyncAt - 50 && s.origin === w.dashboard.url);
    expect(pageSync?.status).toBe(200);
    await waitUntil('the status to refresh', async () => (await lastSyncAt.innerText()) !== before);
    const afterPage = await lastSyncAt.innerText();

    // The extension learned of it: its next request waits a full interval after the page's.
    const next = await waitUntil(
      'the extension’s next sync',
      async () => (await w.extensionSyncs()).find((s) => s.atMs > (pageSync?.atMs ?? 0)),
      intervalMs + 5_000,
    );
    expect(next.atMs - (pageSync?.atMs ?? 0)).toBeGreaterThanOrEqual(intervalMs - 200);
    const state = await w.extension.state();
    expect(state.history.some((a) => a.trigger === 'page' && a.outcome === 'success')).toBe(true);

    // …and after the extension's own sync, toast-sync:synced made the page re-read its status.
    await waitUntil('the status to follow the extension’s sync', async () => (await lastSyncAt.innerText()) !== afterPage, 5_000);
  });
});
