/**
 * Host access to the dashboard: without it nothing can be sent. A company policy can name a
 * dashboard without granting it, and an admin can withdraw it at any time (Chrome's Site access,
 * Firefox's Permissions tab), so the worker, the badge and the popup all have to allow for it.
 */

import type { SyncState } from './sync-state.ts';

export function noHostAccessMessage(origin: string): string {
  return `No access to ${origin} yet. Open the Toast Sync popup and choose Allow access.`;
}

/** The last attempt failed for want of host access (and nothing has changed the record since). */
export function failedForHostAccess(state: SyncState): state is SyncState & { dashboard: string } {
  return state.lastResult?.outcome === 'error' && state.dashboard !== null && state.lastFailure === noHostAccessMessage(state.dashboard);
}
