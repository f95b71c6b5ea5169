/**
 * The floor under Sync Now: an admin's click sends nothing within 10 s of a completed sync of
 * the client, when that is the latest answer ("up to date"), nor within 10 s of the last manual
 * request, whatever its answer ("too soon"). Pure; the engine refuses with it and the popup and indicator word their
 * buttons from it.
 */

import { MANUAL_FLOOR_MS } from './constants.ts';
import type { SyncState } from './sync-state.ts';

export type ManualFloor =
  /** `syncedAt`: when the data the dashboard holds was synced (a cached sync may be older than the answer). */
  { kind: 'up-to-date'; syncedAt: number; until: number } | { kind: 'too-soon'; until: number };

/** Within the floor: `0 <= now - at < floor`. A time ahead of the clock (it was set back since) is not. */
const within = (at: number, now: number): boolean => now - at >= 0 && now - at < MANUAL_FLOOR_MS;

/** When the latest answer came, if it was a success for this client less than 10 s ago. */
export function justSynced(state: SyncState, clientId: string, now: number): number | null {
  const last = state.lastResult;
  if (last?.outcome !== 'success' || last.clientId !== clientId) return null;
  const answeredAt = Date.parse(last.at) + last.durationMs;
  return within(answeredAt, now) ? answeredAt : null;
}

export function manualFloor(state: SyncState, clientId: string, now: number): ManualFloor | null {
  const answeredAt = justSynced(state, clientId, now);
  if (answeredAt !== null) {
    const syncedAt = state.lastSyncAt === null ? answeredAt : Math.min(Date.parse(state.lastSyncAt), answeredAt);
    return { kind: 'up-to-date', syncedAt, until: answeredAt + MANUAL_FLOOR_MS };
  }
  for (let i = state.history.length - 1; i >= 0; i--) {
    const entry = state.history[i];
    const sentAt = entry === undefined ? NaN : Date.parse(entry.at);
    if ((entry?.trigger === 'manual' || entry?.trigger === 'shortcut') && within(sentAt, now)) {
      return { kind: 'too-soon', until: sentAt + MANUAL_FLOOR_MS };
    }
  }
  return null;
}
