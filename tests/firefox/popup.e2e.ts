import { describe, expect } from 'vitest';
import { PopupPage, test } from './world.ts';
import { sleep, waitUntil } from '../e2e/wait.ts';

describe('the popup in Firefox', () => {
  test('Sync Now right after a sync says up to date and sends nothing; once the 10 s floor has passed, clicks send exactly one request', async ({
    worlds,
  }) => {
    // A long interval: every request in this test is the popup's.
    const { world: w } = await worlds.syncingWorld(60);
    const popup = await PopupPage.open(w);
    expect(await popup.headline()).toMatch(/^Last synced/);
    const before = (await w.extensionSyncs()).length;

    expect(await popup.syncNowLabel()).toBe('Up to date');
    await popup.clickSyncNow();
    await waitUntil('the up-to-date note', async () => /^Synced \d+ seconds? ago — up to date\.$/.test(await popup.note()));
    expect((await w.extensionSyncs()).length - before).toBe(0);

    await waitUntil('Sync Now offered again', async () => (await popup.syncNowLabel()) === 'Sync Now', 12_000);
    // An impatient admin: three clicks, one request.
    for (let i = 0; i < 3; i++) await popup.clickSyncNow();
    await waitUntil('the popup’s sync', async () => (await w.extensionSyncs()).length - before >= 1);
    await waitUntil(
      'success again',
      async () => /^Last synced/.test(await popup.headline()) && (await popup.syncNowLabel()) === 'Up to date',
      10_000,
    );
    await sleep(1_000);
    const sent = (await w.extensionSyncs()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 200, cookie: true });
    const state = await w.extension.state();
    expect(state.history.at(-1)).toMatchObject({ trigger: 'manual', outcome: 'success' });
  });
});
