import { describe, expect, it } from 'vitest';
import { permissionsChanged, type PermissionChangePorts } from '../../src/background/permission-change.ts';
import { noHostAccessMessage } from '../../src/shared/host-access.ts';
import type { SyncState } from '../../src/shared/sync-state.ts';
import { recordShowing, type Shown } from './records.ts';

const DASHBOARD = 'https://crm.example.com';
const bella = (over: Shown): SyncState =>
  recordShowing({
    client: { id: 'c1', name: "Bella's Bistro" },
    context: { clientId: 'c1', clientName: "Bella's Bistro", isAdmin: true },
    dashboard: DASHBOARD,
    ...over,
  });

function ports(state: SyncState, granted: boolean): PermissionChangePorts & { done: string[] } {
  const done: string[] = [];
  return {
    done,
    registerContentScript: () => Promise.resolve(done.push('register')),
    repaintBadge: () => Promise.resolve(void done.push('repaint')),
    state: () => Promise.resolve(state),
    hasHostAccess: (origin) => Promise.resolve(origin === DASHBOARD && granted),
    syncNow: () => Promise.resolve(done.push('sync')),
  };
}

describe('a permission change', () => {
  it('withdrawn: the registration is checked again (unregistered without access), the badge drawn again; nothing sent', async () => {
    const p = ports(bella({ status: 'success', lastSyncAt: new Date().toISOString() }), false);
    await permissionsChanged(p);
    expect(p.done.sort()).toEqual(['register', 'repaint']);
  });

  it('given back after a sync failed for want of it: syncs at once', async () => {
    const p = ports(bella({ status: 'error', error: noHostAccessMessage(DASHBOARD) }), true);
    await permissionsChanged(p);
    expect(p.done.sort()).toEqual(['register', 'repaint', 'sync']);
  });

  it('given, with no sync waiting for it (or still not for the dashboard): no sync', async () => {
    for (const [state, granted] of [
      [bella({ status: 'success', lastSyncAt: new Date().toISOString() }), true],
      [bella({ status: 'error', error: 'The dashboard had a problem (HTTP 500).' }), true],
      [bella({ status: 'error', error: noHostAccessMessage(DASHBOARD) }), false],
      [bella({ status: 'error', error: noHostAccessMessage('https://old.example.com') }), true],
    ] as const) {
      const p = ports(state, granted);
      await permissionsChanged(p);
      expect(p.done).not.toContain('sync');
    }
  });
});
