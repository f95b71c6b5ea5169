import { describe, expect } from 'vitest';
import { ADMIN, BELLA, test } from './world.ts';
import { sleep, waitUntil } from '../e2e/wait.ts';

describe('the dashboard page in Firefox', () => {
  test('the sidebar indicator appears just above Sign Out and moves from syncing to success live', async ({ worlds }) => {
    const w = await worlds.startWorld({ intervalSeconds: 60 });
    const tab = await w.tab();
    await tab.signIn(ADMIN);
    expect(await tab.indicatorCount()).toBe(0); // no client selected yet
    await w.dashboard.script({ kind: 'slow', ms: 1_500 });
    await tab.selectClient(BELLA.id);
    await waitUntil('"Syncing…"', async () => (await tab.indicatorText()) === 'Syncing…');
    expect(await tab.indicatorJustAboveSignOut()).toBe(true);
    await waitUntil('"Last synced"', async () => /^Last synced \d+s ago$/.test(await tab.indicatorText()), 10_000);
    expect(await tab.indicatorCount()).toBe(1);
    expect(await tab.indicatorJustAboveSignOut()).toBe(true);
  });

  test('the settings page’s own Sync Now is recorded by the extension, which does not sync again within the interval, and its synced event reaches the page', async ({
    worlds,
  }) => {
    const intervalMs = 6_000;
    const started = await worlds.syncingWorld(intervalMs / 1000);
    const w = started.world;
    const { page } = started.tab;
    await started.tab.follow('Toast Settings', '/settings/toast');
    // The dashboard's own code reading the event's detail, as a dashboard may.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __synced: string[] }).__synced = seen;
      document.addEventListener('toast-sync:synced', (event) => {
        try {
          seen.push(JSON.stringify((event as CustomEvent<unknown>).detail));
        } catch (error) {
          seen.push(`unreadable: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    });
    const text = (selector: string): Promise<string> => page.$eval(selector, (el) => (el as HTMLElement).innerText);
    await waitUntil('the integration status', async () => !['', '…', 'Never'].includes(await text('#last-sync-at')));
    await sleep(1_000);
    const pageSyncAt = Date.now();
    await page.click('#page-sync-now');
    await waitUntil('the page’s own result', async () => /^Synced \d+ orders?$/.test(await text('#page-sync-result')));
    const pageSync = (await w.dashboard.syncs()).find((s) => s.atMs >= pageSyncAt - 50 && s.origin === w.dashboard.url);
    expect(pageSync).toMatchObject({ status: 200, cookie: true });
    const pageAt = pageSync?.atMs ?? 0;

    // The extension heard of it through webRequest: in its record, and its badge still fresh.
    await waitUntil('the page’s sync in the record', async () =>
      (await w.extension.state()).history.some((a) => a.trigger === 'page' && a.outcome === 'success'),
    );
    expect((await w.extension.badge()).text).toBe('✓');

    // Its next request waits a full interval after the page's: no double sync.
    const next = await waitUntil(
      'the extension’s next sync',
      async () => (await w.extensionSyncs()).find((s) => s.atMs > pageAt),
      intervalMs + 5_000,
    );
    expect(next.atMs - pageAt).toBeGreaterThanOrEqual(intervalMs - 200);

    // After that sync the content script told the page, with a detail the page can read.
    const seen = await waitUntil(
      'the page to hear toast-sync:synced',
      async () => {
        const events = await page.evaluate(() => (window as unknown as { __synced: string[] }).__synced);
        return events.length > 0 ? events : undefined;
      },
      5_000,
    );
    expect(seen.filter((e) => e.startsWith('unreadable'))).toEqual([]);
    expect(JSON.parse(seen[0] ?? 'null')).toMatchObject({ clientId: BELLA.id, status: 'success' });
  });
});
