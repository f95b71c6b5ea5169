/**
 * The one typed map of messages to the service worker. Requests are validated on arrival;
 * anything not of these exact shapes is refused.
 */

import { isOneOf, isRecord } from './guards.ts';
import { parseDashboardContext, type DashboardContext, type SyncState } from './sync-state.ts';

/** What a sync request came to, as the sender sees it. */
export type SyncNowResult =
  | { kind: 'synced'; joined: boolean; state: SyncState }
  /** A rate limit's wait has not passed: nothing was sent. */
  | { kind: 'deferred'; retryAt: number; state: SyncState }
  | { kind: 'blocked'; reason: GateReason; state: SyncState }
  /** Sync Now just after a sync of this client completed: nothing was sent (the data is fresh). */
  | { kind: 'up-to-date'; syncedAt: number; until: number; state: SyncState }
  /** Sync Now within 10 s of the last one: nothing was sent. */
  | { kind: 'too-soon'; until: number; state: SyncState };

export type GateReason = 'no-client' | 'not-admin' | 'paused' | 'locked' | 'offline' | 'no-dashboard-tab' | 'signed-out' | 'forbidden';

export interface MessageMap {
  'sync-now': { request: { type: 'sync-now' }; response: SyncNowResult };
  'get-state': { request: { type: 'get-state' }; response: SyncState };
  'set-context': { request: { type: 'set-context'; context: DashboardContext }; response: SyncState };
  pause: { request: { type: 'pause' }; response: SyncState };
  resume: { request: { type: 'resume' }; response: SyncState };
}

export type MessageType = keyof MessageMap;
export type AnyRequest = MessageMap[MessageType]['request'];

/** Refusal sent back to a sender (never thrown across the boundary). */
export interface MessageError {
  error: string;
}

const BARE_TYPES = ['sync-now', 'get-state', 'pause', 'resume'] as const;
const isBareType = isOneOf(BARE_TYPES);

export function parseRequest(raw: unknown): AnyRequest | null {
  if (!isRecord(raw)) return null;
  const keys = Object.keys(raw);
  if (keys.length === 1 && isBareType(raw.type)) return { type: raw.type };
  if (raw.type !== 'set-context' || keys.length !== 2 || !('context' in raw)) return null;
  const context = parseDashboardContext(raw.context);
  return context === null ? null : { type: 'set-context', context };
}

export function isMessageError(value: unknown): value is MessageError {
  return typeof value === 'object' && value !== null && typeof (value as MessageError).error === 'string';
}
