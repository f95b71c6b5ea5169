/**
 * What the record means at a given moment, for everything that shows it (the badge, the popup,
 * the sidebar indicator, the page's synced event). The record stores facts only; its status and
 * the message for the current problem are derived here, on read, because they depend on the
 * clock (a lease that has run out is no longer a sync in progress) and on the settings (a pin,
 * the pause while locked).
 */

import { evaluateGate } from './gate.ts';
import type { Settings } from './settings.ts';
import type { SyncState } from './sync-state.ts';

export const SYNC_STATUSES = ['idle', 'syncing', 'success', 'error', 'rate-limited', 'signed-out', 'paused'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const SIGNED_OUT_MESSAGE = 'Signed out of the dashboard. Sign in to resume syncing.';
export const INTERRUPTED_MESSAGE = "The last sync was interrupted (the browser stopped the extension's worker). Retrying.";

export interface SyncView extends SyncState {
  status: SyncStatus;
  /** The message for the current problem, if there is one. */
  error: string | null;
}

export function syncView(state: SyncState, settings: Settings, now: number): SyncView {
  if (state.lease !== null && state.lease.expiresAt > now) return { ...state, status: 'syncing', error: null };
  const gate = evaluateGate(state, settings);
  if (!gate.open) {
    switch (gate.reason) {
      // A 403 means this account may not sync this client: quiet, like a page that says
      // "not admin", not an error to fix.
      case 'no-client':
      case 'not-admin':
      case 'forbidden':
        return { ...state, status: 'idle', error: null };
      case 'paused':
      case 'locked':
      case 'offline':
      case 'no-dashboard-tab':
        return { ...state, status: 'paused', error: null };
      case 'signed-out':
        return { ...state, status: 'signed-out', error: SIGNED_OUT_MESSAGE };
    }
  }
  // A lease past its end: the worker died mid-sync and the next one has not recorded it yet.
  if (state.lease !== null) return { ...state, status: 'error', error: INTERRUPTED_MESSAGE };
  const last = state.lastResult !== null && state.lastResult.clientId === gate.client.id ? state.lastResult : null;
  switch (last?.outcome) {
    case 'success':
      return { ...state, status: 'success', error: null };
    case 'rate-limited':
      return { ...state, status: 'rate-limited', error: state.lastFailure };
    case 'error':
    case 'interrupted':
      return { ...state, status: 'error', error: state.lastFailure };
    default:
      return { ...state, status: 'idle', error: null };
  }
}
