/**
 * The one record of sync state in `storage.local` (DESIGN.md "State").
 * Written only by the service worker; read by the badge, the popup and the content script.
 * Every read goes through `parseSyncState`, so bad or old data becomes defaults field by
 * field and never crashes a reader.
 */

import * as v from 'valibot';
import { HISTORY_LIMIT } from './constants.ts';

export const SYNC_STATE_KEY = 'syncState';
export const SYNC_STATE_VERSION = 1;

export const SYNC_STATUSES = [
  'idle',
  'syncing',
  'success',
  'error',
  'rate-limited',
  'signed-out',
  'paused',
] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** What one attempt came to. `interrupted`: the worker was stopped mid-request. */
export const OUTCOMES = ['success', 'error', 'rate-limited', 'signed-out', 'forbidden', 'interrupted'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export const TRIGGERS = ['alarm', 'timer', 'manual', 'shortcut', 'page', 'recovery'] as const;
export type Trigger = (typeof TRIGGERS)[number];

const epochMs = v.pipe(v.number(), v.finite(), v.minValue(0));
const isoTime = v.pipe(v.string(), v.isoTimestamp());
const shortText = v.pipe(v.string(), v.maxLength(500));
const clientId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const httpStatus = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)));

const ClientSchema = v.object({ id: clientId, name: v.nullable(shortText) });
export type Client = v.InferOutput<typeof ClientSchema>;

export const AttemptSchema = v.object({
  at: isoTime,
  clientId,
  trigger: v.picklist(TRIGGERS),
  outcome: v.picklist(OUTCOMES),
  httpStatus,
  durationMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
  ordersSynced: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  message: v.nullable(shortText),
});
export type Attempt = v.InferOutput<typeof AttemptSchema>;

const ContextSchema = v.object({
  clientId: v.nullable(clientId),
  clientName: v.nullable(shortText),
  /** `null`: the page did not say; the server's 403 tells us then. */
  isAdmin: v.nullable(v.boolean()),
});
export type DashboardContext = v.InferOutput<typeof ContextSchema>;

const PauseSchema = v.object({
  user: v.boolean(),
  locked: v.boolean(),
  offline: v.boolean(),
  /** No dashboard tab was open at the last attempt (only matters with that setting on). */
  noDashboardTab: v.optional(v.boolean(), false),
});

export interface SyncState {
  version: typeof SYNC_STATE_VERSION;
  status: SyncStatus;
  /** Last success, ISO. */
  lastSyncAt: string | null;
  /** Human message for the current problem. */
  error: string | null;
  /** The client being synced: the pin from settings, else the dashboard's selection. */
  client: Client | null;
  /** What the dashboard last told us. */
  context: DashboardContext;
  pause: v.InferOutput<typeof PauseSchema>;
  signedOut: boolean;
  /** The server answered 403 for this client; nothing is sent until the context changes. */
  forbiddenClientId: string | null;
  /** Consecutive failures; 0 after a success. */
  attempt: number;
  /** No request of any kind before this time (a 429's wait). */
  retryNotBefore: number | null;
  /** When the next sync is scheduled; `null` when none is. */
  nextAttemptAt: number | null;
  /** The server's `X-Poll-Interval`, if its last answer had one. */
  serverPollIntervalSeconds: number | null;
  /** Message of the last failed attempt, kept so the status can name it. */
  lastFailure: string | null;
  lastResult: Attempt | null;
  /** Newest last, at most 50. */
  history: Attempt[];
  /** Held while a request is in flight; a stale lease means a worker died mid-sync. */
  lease: { owner: string; expiresAt: number } | null;
}

export function defaultSyncState(): SyncState {
  return {
    version: SYNC_STATE_VERSION,
    status: 'idle',
    lastSyncAt: null,
    error: null,
    client: null,
    context: { clientId: null, clientName: null, isAdmin: null },
    pause: { user: false, locked: false, offline: false, noDashboardTab: false },
    signedOut: false,
    forbiddenClientId: null,
    attempt: 0,
    retryNotBefore: null,
    nextAttemptAt: null,
    serverPollIntervalSeconds: null,
    lastFailure: null,
    lastResult: null,
    history: [],
    lease: null,
  };
}

/** Each field falls back on its own, so one bad field does not cost the whole history. */
function field<T>(schema: v.GenericSchema<unknown, T>, value: unknown, fallback: T): T {
  const result = v.safeParse(schema, value);
  return result.success ? result.output : fallback;
}

export function parseSyncState(raw: unknown): SyncState {
  const d = defaultSyncState();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return d;
  const r = raw as Record<string, unknown>;
  // A record from another version is not ours to interpret.
  if (r.version !== SYNC_STATE_VERSION) return d;
  const rawHistory = Array.isArray(r.history) ? r.history : [];
  const history = rawHistory
    .map((entry) => v.safeParse(AttemptSchema, entry))
    .flatMap((result) => (result.success ? [result.output] : []))
    .slice(-HISTORY_LIMIT);
  return {
    version: SYNC_STATE_VERSION,
    status: field(v.picklist(SYNC_STATUSES), r.status, d.status),
    lastSyncAt: field(v.nullable(isoTime), r.lastSyncAt, d.lastSyncAt),
    error: field(v.nullable(shortText), r.error, d.error),
    client: field(v.nullable(ClientSchema), r.client, d.client),
    context: field(ContextSchema, r.context, d.context),
    pause: field(PauseSchema, r.pause, d.pause),
    signedOut: field(v.boolean(), r.signedOut, d.signedOut),
    forbiddenClientId: field(v.nullable(clientId), r.forbiddenClientId, d.forbiddenClientId),
    attempt: field(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)), r.attempt, d.attempt),
    retryNotBefore: field(v.nullable(epochMs), r.retryNotBefore, d.retryNotBefore),
    nextAttemptAt: field(v.nullable(epochMs), r.nextAttemptAt, d.nextAttemptAt),
    serverPollIntervalSeconds: field(
      v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
      r.serverPollIntervalSeconds,
      d.serverPollIntervalSeconds,
    ),
    lastFailure: field(v.nullable(shortText), r.lastFailure, d.lastFailure),
    lastResult: field(v.nullable(AttemptSchema), r.lastResult, d.lastResult),
    history,
    lease: field(v.nullable(v.object({ owner: v.string(), expiresAt: epochMs })), r.lease, d.lease),
  };
}

export function parseDashboardContext(raw: unknown): DashboardContext | null {
  const result = v.safeParse(v.strictObject(ContextSchema.entries), raw);
  return result.success ? result.output : null;
}

export function clientLabel(client: Client): string {
  return client.name ?? `client ${client.id}`;
}
