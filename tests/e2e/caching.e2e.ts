import { describe, expect } from 'vitest';
import { BELLA, PopupPage, test } from './world.ts';
import { sleep, waitUntil } from './wait.ts';

describe('a dashboard that answers from a recent pull (the contract’s cached syncedAt)', () => {
  test('a colleague’s sync answers for the extension: "Last synced" shows it and the next sync comes an interval after it', async ({
    worlds,
  }) => {
    const intervalMs = 20_000;
    // The dashboard keeps a pull fresh for 10 s; the admin's extension syncs every 20 s.
    const started = await worlds.syncingWorld(intervalMs / 1000, { freshSeconds: 10 });
    const w = started.world;
    const [first] = await w.extensionSyncs();
    expect(first?.cached).toBe(false);
    const t0 = first?.atMs ?? 0;

    // A colleague syncs the same client 11 s later (the extension's own pull is stale by then).
    await sleep(Math.max(0, t0 + 11_000 - Date.now()));
    const colleagueAt = Date.parse(await w.dashboard.colleagueSync(BELLA.id));

    // The extension's next sync (planned from its own, at t0 + 20 s) gets the colleague's pull.
    const second = await waitUntil('the extension’s second sync', async () => (await w.extensionSyncs())[1], intervalMs + 3_000);
    expect(second.cached).toBe(true);
    const popup = await PopupPage.open(w);
    // The age is read on the server's clock (its Date header, whole seconds), the time shown on ours.
    const shown = await waitUntil('the popup to show the colleague’s sync as the last one', async () => {
      const at = Date.parse((await popup.page.locator('.status .headline time').getAttribute('datetime')) ?? '');
      return Math.abs(at - colleagueAt) <= 1_500 ? at : undefined;
    });
    expect(second.atMs - shown).toBeGreaterThan(3_000);
    expect(await popup.headline()).toMatch(/^Last synced \d+ seconds ago$/);

    // Its third comes an interval (plus up to 10 %) after the colleague's pull, not after its own second.
    const third = await waitUntil('the extension’s third sync', async () => (await w.extensionSyncs())[2], intervalMs + 5_000);
    const sinceColleague = third.atMs - colleagueAt;
    console.log(
      `colleague's pull → extension's next sync: ${sinceColleague} ms (interval ${intervalMs} ms); own second → third: ${third.atMs - second.atMs} ms`,
    );
    expect(sinceColleague).toBeGreaterThanOrEqual(intervalMs - 1_000);
    expect(sinceColleague).toBeLessThanOrEqual(intervalMs * 1.1 + 1_500);
    expect(third.atMs - second.atMs).toBeLessThan(intervalMs - 2_000);
    // The copy was 20 s old by then: this one pulls.
    expect(third.cached).toBe(false);
  });
});
