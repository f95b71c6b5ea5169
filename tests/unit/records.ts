/**
 * Records for the UI tests, written as the status they should show: the record stores facts
 * only, so each status is turned into the facts that make `syncView` derive it.
 */

import { defaultSyncState, type SyncState } from '../../src/shared/sync-state.ts';
import type { SyncStatus, SyncView } from '../../src/shared/sync-view.ts';

export type Shown = Partial<SyncState> & { status?: SyncStatus; error?: string | null; now?: number };

/** The stored record (facts) for a record showing `status` (with `error` as its message). */
export function recordShowing({ status = 'idle', error = null, now = Date.now(), ...over }: Shown): SyncState {
  const base: SyncState = { ...defaultSyncState(), ...over };
  const clientId = base.client?.id ?? base.context.clientId ?? 'c1';
  const result = (outcome: 'success' | 'rate-limited' | 'error') =>
    over.lastResult ?? {
      at: new Date(now - 60_000).toISOString(),
      clientId,
      trigger: 'alarm' as const,
      outcome,
      httpStatus: null,
      durationMs: 10,
      ordersSynced: null,
      message: null,
    };
  switch (status) {
    case 'syncing':
      return { ...base, lease: over.lease ?? { owner: 'w1.1', expiresAt: now + 30_000 } };
    case 'success':
      return { ...base, lastResult: result('success') };
    case 'rate-limited':
      return { ...base, lastResult: result('rate-limited'), lastFailure: error ?? 'Rate limited by Toast (429)' };
    case 'error':
      return { ...base, lastResult: result('error'), lastFailure: error ?? 'Sync failed' };
    case 'signed-out':
      return { ...base, signedOut: true };
    case 'paused':
      return over.pause === undefined ? { ...base, pause: { ...base.pause, user: true } } : base;
    case 'idle':
      return base;
  }
}

/** A view as `syncView` hands it to the badge, the popup and the indicator. */
export function viewShowing(shown: Shown): SyncView {
  const { status = 'idle', error = null, ...over } = shown;
  delete over.now; // a view is already of its moment
  return { ...defaultSyncState(), ...over, status, error };
}
