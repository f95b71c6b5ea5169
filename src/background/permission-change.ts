/**
 * What the worker does when the extension's permissions change. Host access to the dashboard
 * is given by the popup's Allow access, chrome://extensions (Site access) or Firefox's
 * Permissions tab, and withdrawn at any time in the last two. Browser APIs come in as ports.
 */

import { failedForHostAccess } from '../shared/host-access.ts';
import type { SyncState } from '../shared/sync-state.ts';

export interface PermissionChangePorts {
  /** Registers the dashboard scripts when access allows, and unregisters them when it does not. */
  registerContentScript(): Promise<unknown>;
  repaintBadge(): Promise<void>;
  state(): Promise<SyncState>;
  hasHostAccess(origin: string): Promise<boolean>;
  syncNow(): Promise<unknown>;
}

/**
 * Every change is checked against the dashboard rather than read from the event's origins:
 * withdrawing a broader grant (every https site) takes the dashboard's access with it.
 */
export async function permissionsChanged(ports: PermissionChangePorts): Promise<void> {
  await Promise.all([ports.registerContentScript(), ports.repaintBadge(), retryOnceAccessIsBack(ports)]);
}

/**
 * Access given back after a sync failed for want of it: the admin gave it in order to sync, as
 * with the popup's Allow access (which syncs at once too), so the sync does not wait an interval.
 */
async function retryOnceAccessIsBack(ports: PermissionChangePorts): Promise<void> {
  const state = await ports.state();
  if (failedForHostAccess(state) && (await ports.hasHostAccess(state.dashboard))) await ports.syncNow();
}
