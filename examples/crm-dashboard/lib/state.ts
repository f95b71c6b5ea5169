/**
 * All server-side state of the dashboard, in memory: sessions, each client's Toast integration
 * status and synced orders, and (for tests) the sync log, the fault queue and the announce
 * switch. A real dashboard keeps this in its database.
 *
 * Kept on `globalThis`, not in module scope: `next build` bundles proxy.ts, every route handler
 * and the server actions separately, so each bundle gets its own copy of this module. They all
 * run in the one `next start` process, though, and share its global object, which makes
 * `globalThis` the one place they all see. (On a platform that runs the proxy elsewhere, e.g. at
 * the edge, this would need a real store such as Redis or the database.)
 */

import { randomBytes } from 'node:crypto';
import { CLIENTS } from './data';
import { createFaultQueue, type FaultQueue } from './faults';
import { createSyncCache, freshWindowMs, type SyncCache } from './sync-cache';
import { createToastUpstream, type ToastOrder, type ToastUpstream } from './toast-upstream';

export interface Session {
  id: string;
  email: string;
  createdAtMs: number;
  expiresAtMs: number;
}

export type SyncStatus = 'success' | 'error' | 'rate_limited';

export interface IntegrationStatus {
  clientId: string;
  connected: boolean;
  last_sync_at: string | null;
  last_sync_status: SyncStatus | null;
  /** Orders the last successful sync brought in. */
  last_sync_orders: number | null;
}

/** One POST /api/toast/sync, as /__control/syncs lists it. */
export interface SyncRecord {
  atMs: number;
  at: string;
  clientId: string | null;
  origin: string | null;
  /** A valid session cookie was present when the request arrived. */
  cookie: boolean;
  /** HTTP status answered; 0 when the client went away before an answer. */
  status: number;
  durationMs: number;
  ordersSynced: number;
  fault: string | null;
  /** Answered from a recent pull (or one under way) instead of pulling from Toast. */
  cached: boolean;
}

export interface PendingSync {
  setFault(kind: string | null): void;
  setCached(cached: boolean): void;
  /** Only the first call counts. */
  finish(status: number, ordersSynced?: number): void;
}

export interface SyncLog {
  start(fields: Pick<SyncRecord, 'atMs' | 'clientId' | 'origin' | 'cookie'>, startedAt: number): PendingSync;
  /** Answered requests only, in arrival order (copies). */
  list(): SyncRecord[];
  /** Requests that have arrived and are not answered yet (status 0 until they are), in arrival order (copies). */
  inFlight(): SyncRecord[];
  clear(): void;
}

export interface ServerState {
  /** HMAC key for the session cookie. */
  secret: Buffer;
  sessions: Map<string, Session>;
  integrations: Map<string, IntegrationStatus>;
  /** Synced orders per client, oldest first. */
  orders: Map<string, ToastOrder[]>;
  upstream: ToastUpstream;
  /** Whether pages post the toast-sync:context announcement (switchable by the test controls). */
  announce: boolean;
  faults: FaultQueue;
  syncLog: SyncLog;
  /** Recent pulls per client, served to whoever asks within the freshness window. */
  syncCache: SyncCache;
}

function createSyncLog(): SyncLog {
  let entries: { record: SyncRecord; done: boolean }[] = [];
  return {
    start(fields, startedAt) {
      const entry = {
        record: {
          atMs: fields.atMs,
          at: new Date(fields.atMs).toISOString(),
          clientId: fields.clientId,
          origin: fields.origin,
          cookie: fields.cookie,
          status: 0,
          durationMs: 0,
          ordersSynced: 0,
          fault: null,
          cached: false,
        } as SyncRecord,
        done: false,
      };
      entries.push(entry);
      return {
        setFault(kind) {
          entry.record.fault = kind;
        },
        setCached(cached) {
          entry.record.cached = cached;
        },
        finish(status, ordersSynced = 0) {
          if (entry.done) return;
          entry.done = true;
          entry.record.status = status;
          entry.record.ordersSynced = status >= 200 && status < 300 ? ordersSynced : 0;
          entry.record.durationMs = Math.max(0, Math.round(performance.now() - startedAt));
        },
      };
    },
    list() {
      return entries.filter((e) => e.done).map((e) => ({ ...e.record }));
    },
    inFlight() {
      return entries.filter((e) => !e.done).map((e) => ({ ...e.record }));
    },
    clear() {
      // A new array: requests still in flight finish into the old one and stay forgotten.
      entries = [];
    },
  };
}

/** What a server starts with, from its environment; the test controls' restart may set both. */
export interface StateOptions {
  announce: boolean;
  freshSeconds: number;
}

function optionsFromEnv(): StateOptions {
  return {
    announce: process.env.CRM_ANNOUNCE_CONTEXT !== '0',
    freshSeconds: freshWindowMs(process.env.CRM_SYNC_FRESH_SECONDS) / 1000,
  };
}

function createState(options: StateOptions = optionsFromEnv()): ServerState {
  const fromEnv = process.env.SESSION_SECRET;
  return {
    secret: fromEnv !== undefined && fromEnv !== '' ? Buffer.from(fromEnv, 'utf8') : randomBytes(32),
    sessions: new Map(),
    integrations: new Map(
      CLIENTS.map((c) => [
        c.id,
        { clientId: c.id, connected: c.toast, last_sync_at: null, last_sync_status: null, last_sync_orders: null },
      ]),
    ),
    orders: new Map(),
    upstream: createToastUpstream(),
    announce: options.announce,
    faults: createFaultQueue(),
    syncLog: createSyncLog(),
    syncCache: createSyncCache(options.freshSeconds * 1000),
  };
}

const KEY = Symbol.for('crm-dashboard.server-state');

const holder = globalThis as typeof globalThis & { [KEY]?: ServerState };

export function serverState(): ServerState {
  holder[KEY] ??= createState();
  return holder[KEY];
}

/**
 * Test controls only: everything as a freshly started server has it (no session, order, pull,
 * fault or logged request; a new session key), so one server can serve test after test.
 * Requests still in flight finish into the old state and are forgotten.
 */
export function restartServerState(options: StateOptions): void {
  holder[KEY] = createState(options);
}

/** Orders kept per client; the Orders page shows the most recent ones. */
const ORDERS_KEPT = 500;

export function addOrders(clientId: string, added: readonly ToastOrder[]): void {
  const { orders } = serverState();
  const list = orders.get(clientId) ?? [];
  list.push(...added);
  if (list.length > ORDERS_KEPT) list.splice(0, list.length - ORDERS_KEPT);
  orders.set(clientId, list);
}

export function recentOrders(clientId: string, limit: number): ToastOrder[] {
  return (serverState().orders.get(clientId) ?? []).slice(-limit).reverse();
}

export function recordSync(clientId: string, status: SyncStatus, atIso: string, ordersSynced = 0): void {
  const found = serverState().integrations.get(clientId);
  if (found === undefined) return;
  found.last_sync_status = status;
  // last_sync_at is the last time orders actually came in.
  if (status === 'success') {
    found.last_sync_at = atIso;
    found.last_sync_orders = ordersSynced;
  }
}

export function integrationOf(clientId: string): IntegrationStatus | null {
  const found = serverState().integrations.get(clientId);
  return found === undefined ? null : { ...found };
}
