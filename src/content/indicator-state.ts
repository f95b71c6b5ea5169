/**
 * What the sidebar shows for a state (the popup's words in their narrow form: "Syncing…", "Last
 * synced 3m ago", "Rate limited, retrying in 12s", "Auto-sync active"), and when the page should
 * hear that a sync finished. Pure.
 */

import type { Attempt, DashboardContext, SyncState } from '../shared/sync-state.ts';
import type { SyncView } from '../shared/sync-view.ts';
import { isNonAdmin, statusText } from '../ui/status-text.ts';
import type { IndicatorView } from './indicator-view.ts';

/** `null`: show nothing (no client selected, or not an admin). */
export function indicatorView(state: SyncView, page: DashboardContext | null, now: number): IndicatorView | null {
  if (state.client === null || isNonAdmin(state) || page?.isAdmin === false) return null;
  if (page !== null && page.clientId === null && state.client.id === state.context.clientId) return null;
  const short = statusText(state, now, 'narrow');
  const long = statusText(state, now, 'long');
  const text = state.status === 'signed-out' ? 'Signed out: sign in to sync' : short.headline;
  return { tone: short.tone, text, title: long.detail === null ? long.headline : `${long.headline}. ${long.detail}` };
}

export interface SyncedDetail {
  clientId: string;
  status: Attempt['outcome'];
  syncedAt: string | null;
}

/**
 * A new attempt the extension made (not one it observed the page make): the settings page
 * re-reads its Integration Status when it hears of it.
 */
export function syncedEvent(before: SyncState, after: SyncState): SyncedDetail | null {
  const last = after.lastResult;
  if (last === null || last.trigger === 'page') return null;
  const previous = before.lastResult;
  if (previous !== null && previous.at === last.at && previous.clientId === last.clientId && previous.outcome === last.outcome) {
    return null;
  }
  return { clientId: last.clientId, status: last.outcome, syncedAt: after.lastSyncAt };
}
