import { describe, expect } from 'vitest';
import { ADMIN, BELLA, gaps, test } from './world.ts';
import { waitUntil } from '../e2e/wait.ts';

const INTERVAL_S = 2;

describe('syncing in Firefox', () => {
  test('admin signs in and picks a client: first sync within seconds, with session cookie and moz-extension Origin, then one per interval', async ({
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
    // The Origin is the pinned UUID's, so a dashboard can allow-list this install.
    expect(first).toMatchObject({ clientId: BELLA.id, cookie: true, status: 200, origin: w.extension.origin });

    const badge = await w.extension.waitForBadge('✓');
    expect(badge.title).toMatch(/^Toast sync · Bella's Bistro · last synced/);

    await waitUntil('three more syncs', async () => (await w.extensionSyncs()).length >= 4, 15_000);
    const syncs = await w.extensionSyncs();
    for (const gap of gaps(syncs)) {
      // Firefox's alarms fire at their time or a little after, never before.
      expect(gap).toBeGreaterThanOrEqual(INTERVAL_S * 1000 - 50);
      expect(gap).toBeLessThan(INTERVAL_S * 1000 + 1_500);
    }
    expect(syncs.every((s) => s.clientId === BELLA.id && s.status === 200 && s.cookie)).toBe(true);
    const granted = await w.extension.grantedOrigins();
    console.log(
      `firefox: host access at temporary install: ${granted.join(' ')}; first sync ${(first?.atMs ?? NaN) - picked} ms after the pick, ` +
        `Origin ${first?.origin}; gaps ${gaps(syncs).join(', ')} ms`,
    );
  });
});
