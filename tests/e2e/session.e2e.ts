import { describe, expect } from 'vitest';
import { ADMIN, BELLA, STAFF, test } from './world.ts';
import { sleep, waitUntil } from './wait.ts';

const INTERVAL_S = 2;

describe('signed out and non-admin', () => {
  test('401: badge "?", polling stops, and it resumes after signing in again', async ({ worlds }) => {
    const started = await worlds.syncingWorld(INTERVAL_S);
    const w = started.world;
    const { tab } = started;
    await w.dashboard.expireSessions();
    await waitUntil('a 401', async () => (await w.extensionSyncs()).some((s) => s.status === 401));
    const badge = await w.extension.waitForBadge('?');
    expect(badge.title).toBe('Toast sync · signed out of the dashboard');
    const count = (await w.extensionSyncs()).length;
    await sleep(INTERVAL_S * 1000 * 2 + 500);
    expect(await w.extensionSyncs()).toHaveLength(count);

    await tab.signIn(ADMIN);
    await waitUntil('a sync after signing in', async () => (await w.extensionSyncs()).slice(count).some((s) => s.status === 200));
    await w.extension.waitForBadge('✓');
  });

  test('a login page served with 200 is signed-out too, and reloading the dashboard resumes', async ({ worlds }) => {
    const started = await worlds.syncingWorld(INTERVAL_S);
    const w = started.world;
    const { tab } = started;
    await w.dashboard.script({ kind: 'login-page' });
    await w.extension.waitForBadge('?');
    const count = (await w.extensionSyncs()).length;
    await sleep(INTERVAL_S * 1000 * 2 + 500);
    expect(await w.extensionSyncs()).toHaveLength(count);
    expect((await w.extension.state()).lastResult).toMatchObject({ outcome: 'signed-out', httpStatus: 200 });

    await tab.page.reload();
    await w.extension.waitForBadge('✓');
    expect((await w.extensionSyncs()).length).toBeGreaterThan(count);
  });

  test('a non-admin sends no requests at all', async ({ worlds }) => {
    const w = await worlds.startWorld({ intervalSeconds: INTERVAL_S });
    const tab = await w.tab();
    await tab.signIn(STAFF);
    // Even with a client id left in localStorage, the page says isAdmin: false.
    await tab.page.evaluate((id) => localStorage.setItem('currentClientId', id), BELLA.id);
    await tab.page.reload();
    await waitUntil('the page context to reach the worker', async () => (await w.extension.state())?.context?.isAdmin === false);
    await sleep(INTERVAL_S * 1000 * 2 + 500);
    expect(await w.dashboard.syncs()).toHaveLength(0);
    const badge = await w.extension.badge();
    expect(badge.text).toBe('');
    expect(badge.title).toMatch(/not an admin/);
  });
});
