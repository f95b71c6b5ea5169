/**
 * Whether a run may send its request now, as one table read top to bottom. Pure: the record,
 * the facts of the moment in, the record to write and the decision out. The engine only
 * carries the decision out (sends, or reports the refusal and keeps the plan).
 */

import type { GateReason } from '../shared/messages.ts';
import { manualFloor, type ManualFloor } from '../shared/manual-floor.ts';
import type { Settings } from '../shared/settings.ts';
import type { SyncState } from '../shared/sync-state.ts';
import { evaluateGate } from '../shared/gate.ts';
import { beginSync, reschedule, withEffectiveClient } from './transitions.ts';

/** An automatic run this close to its planned time is due (alarms and timers fire a little early or late). */
export const DUE_TOLERANCE_MS = 500;

export type Refusal = { kind: 'blocked'; reason: GateReason } | { kind: 'deferred'; retryAt: number } | ManualFloor | { kind: 'not-due' };

export type AttemptDecision = { kind: 'go'; clientId: string; startedAt: number } | Refusal;

export interface AttemptFacts {
  settings: Settings;
  now: number;
  /** The admin asked (Sync Now, the shortcut); otherwise the schedule did. */
  explicit: boolean;
  online: boolean;
  /** "Only while a dashboard tab is open" is on and none is. */
  noDashboardTab: boolean;
  /** The lease the request holds if it goes. */
  leaseOwner: string;
}

export function decideAttempt(state: SyncState, facts: AttemptFacts): { next: SyncState; decision: AttemptDecision } {
  const { settings, now, explicit } = facts;
  const s: SyncState = { ...state, pause: { ...state.pause, offline: !facts.online, noDashboardTab: facts.noDashboardTab } };
  const gate = evaluateGate(s, settings, explicit);
  if (!gate.open) return { next: reschedule(s, settings, now), decision: { kind: 'blocked', reason: gate.reason } };
  // Nothing, not even Sync Now, goes out before a rate limit's wait has passed.
  if (s.retryNotBefore !== null && now < s.retryNotBefore) {
    const next = withEffectiveClient({ ...s, nextAttemptAt: Math.max(s.nextAttemptAt ?? 0, s.retryNotBefore) }, settings);
    return { next, decision: { kind: 'deferred', retryAt: s.retryNotBefore } };
  }
  // A burst of clicks, or a click just after a sync: nothing to gain, a Toast call to lose.
  const floor = explicit ? manualFloor(s, gate.client.id, now) : null;
  if (floor !== null) return { next: withEffectiveClient(s, settings), decision: floor };
  // The page's own sync is out: wait for its answer (an admin's Sync Now still goes).
  if (!explicit && s.pageSyncUntil !== null && now < s.pageSyncUntil) {
    const next = withEffectiveClient({ ...s, nextAttemptAt: Math.max(s.nextAttemptAt ?? 0, s.pageSyncUntil) }, settings);
    return { next, decision: { kind: 'not-due' } };
  }
  if (!explicit && s.nextAttemptAt !== null && now < s.nextAttemptAt - DUE_TOLERANCE_MS) {
    return { next: withEffectiveClient(s, settings), decision: { kind: 'not-due' } };
  }
  // An admin's own click is a fresh try of a session or a role the dashboard refused before.
  const asked = explicit ? { ...s, signedOut: false, forbiddenClientId: null } : s;
  return {
    next: beginSync(withEffectiveClient(asked, settings), facts.leaseOwner, now),
    decision: { kind: 'go', clientId: gate.client.id, startedAt: now },
  };
}
