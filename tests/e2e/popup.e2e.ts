import { describe, expect } from 'vitest';
import { workerRunning } from '../../dev/chromium.ts';
import { CONTENT_SCRIPT_ID, HYDRATION_PROBE_ID } from '../../src/background/content-script-registration.ts';
import { ADMIN, BELLA, DashboardTab, E2E_PORT, PopupPage, test } from './world.ts';
import { sleep, waitUntil } from './wait.ts';

describe('popup and options in Chromium', () => {
  test('Sync Now right after a sync: six clicks send nothing and say it is up to date; ten seconds on, five fast clicks send one request', async ({
    worlds,
  }) => {
    const { world: w } = await worlds.syncingWorld(60);
    const popup = await PopupPage.open(w);
    expect(await popup.headline()).toMatch(/^Last synced/);
    const before = (await w.extensionSyncs()).length;
    // The impatient admin: six clicks in 2.4 s, just after the sync the popup shows.
    expect(await popup.syncNow().innerText()).toBe('Up to date');
    for (let i = 0; i < 6; i++) {
      await popup.syncNow().click();
      await sleep(400);
    }
    expect(await popup.page.locator('.sync-now .note').innerText()).toMatch(/^Synced \d+ seconds? ago — up to date\.$/);
    expect((await w.extensionSyncs()).length - before).toBe(0);

    // Ten seconds after the sync the button offers a real sync again.
    await waitUntil('Sync Now offered again', async () => (await popup.syncNow().innerText()) === 'Sync Now', 12_000);
    await w.dashboard.script({ kind: 'slow', ms: 1_500 });
    await popup.clickSyncNow(5);
    await waitUntil('the spinner', async () => (await popup.syncNow().innerText()) === 'Syncing…');
    expect(await popup.syncNow().isDisabled()).toBe(true);
    await waitUntil(
      'success again',
      async () => /^Last synced/.test(await popup.headline()) && (await popup.syncNow().isEnabled()),
      10_000,
    );
    await sleep(1_000);
    expect((await w.extensionSyncs()).length - before).toBe(1);
  });

  test('under a scripted 429 the popup counts down to the retry and sends nothing', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(3);
    const popup = await PopupPage.open(w);
    // The next automatic sync meets it.
    await w.dashboard.script({ kind: 'rate-limit', retryAfter: 30 });
    await waitUntil('the rate limit', async () => /^Rate limited, retrying in \d+ seconds$/.test(await popup.headline()));
    const first = await popup.syncNow().innerText();
    expect(first).toMatch(/^Retry in \d+ seconds$/);
    expect(await popup.syncNow().isDisabled()).toBe(true);
    const count = (await w.extensionSyncs()).length;
    await popup.clickSyncNow(5);
    await sleep(2_100);
    expect(await popup.syncNow().innerText()).not.toBe(first);
    expect(await w.extensionSyncs()).toHaveLength(count);
  });

  test('pause stops requests and resume restarts them', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(2);
    const popup = await PopupPage.open(w);
    await popup.page.getByRole('button', { name: 'Pause' }).click();
    await waitUntil('paused', async () => (await popup.headline()) === 'Paused');
    expect((await w.extension.badge()).text).toBe('off');
    const count = (await w.extensionSyncs()).length;
    await sleep(5_000);
    expect(await w.extensionSyncs()).toHaveLength(count);
    const resumedAt = Date.now();
    await popup.page.getByRole('button', { name: 'Resume' }).click();
    const next = await waitUntil('a sync after resuming', async () => (await w.extensionSyncs())[count]);
    expect(next.atMs - resumedAt).toBeLessThan(1_500);
    await w.extension.waitForBadge('✓');
  });

  test('saving a new dashboard URL in the options page moves syncing there', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(60);
    const other = await worlds.dashboard({ port: E2E_PORT + 1, freshSeconds: 0 });
    // The admin is signed in on the other dashboard too, and gives the extension access to it.
    const tab = await w.tab();
    const there = new DashboardTab(tab.page, other.url);
    await there.signIn(ADMIN);
    await w.extension.grantHost(`${other.url}/*`);
    await w.extension.grantHost(`${other.url.replace('localhost', '127.0.0.1')}/*`);

    const options = await w.browser.context.newPage();
    await options.goto(`chrome-extension://${w.extension.id}/src/options/index.html`);
    await options.getByLabel('Dashboard address').fill(other.url);
    await options.getByRole('button', { name: 'Save' }).click();
    await waitUntil('saved', async () => (await options.getByRole('status').innerText()).startsWith('Saved.'));

    const moved = await waitUntil('a sync on the new dashboard', async () => (await other.syncs())[0]);
    expect(moved).toMatchObject({ clientId: BELLA.id, status: 200, cookie: true });
    const wanted = [`${other.url.replace('localhost', '127.0.0.1')}/*`, `${other.url}/*`].join(' ');
    // The content script and its page-world hydration probe: both there, both for the new dashboard only.
    const ids = [CONTENT_SCRIPT_ID, HYDRATION_PROBE_ID].sort().join(' ');
    await waitUntil('the content scripts registered for the new dashboard', async () => {
      const scripts = await (await w.extension.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
      return (
        scripts
          .map((s) => s.id)
          .sort()
          .join(' ') === ids && scripts.every((s) => [...(s.matches ?? [])].sort().join(' ') === wanted)
      );
    });
    const oldCount = (await w.dashboard.syncs()).length;
    await sleep(1_000);
    expect(await w.dashboard.syncs()).toHaveLength(oldCount);
  });

  test('opens from storage while the worker sleeps, and paints its status fast (figures printed)', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(60);
    const page = await w.browser.context.newPage();
    await page.goto(`chrome-extension://${w.extension.id}/src/popup/index.html`);
    await page.waitForSelector('.status');
    await w.extension.stopWorker(page);
    const samples: { fcp: number; ready: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const popup = await PopupPage.open(w);
      expect(await popup.headline()).toMatch(/^Last synced/);
      samples.push(await popup.paintTimes());
      await popup.page.close();
    }
    // Reading storage never woke the worker.
    expect(await workerRunning(page, w.extension.id)).toBe(false);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const fcp = median(samples.map((s) => s.fcp));
    const ready = median(samples.map((s) => s.ready));
    console.log(
      `popup, worker asleep, median of ${samples.length}: first contentful paint ${fcp.toFixed(1)} ms, status rendered ${ready.toFixed(1)} ms after navigation start`,
    );
    expect(Number.isFinite(fcp) && Number.isFinite(ready)).toBe(true);
  });
});
