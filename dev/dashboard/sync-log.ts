/**
 * The record of every POST /api/toast/sync, for tests to assert on. A record is created when
 * the request arrives (so the list stays in arrival order) but is only listed once it has
 * been answered or the client went away: a test never sees a half-filled record.
 */

import type { SyncRecord } from './types.ts';

export interface PendingSync {
  setFault(kind: string | null): void;
  /** status 0: the client disconnected before an answer. Only the first call counts. */
  finish(status: number, ordersSynced?: number): void;
}

export interface SyncLog {
  start(fields: Pick<SyncRecord, 'atMs' | 'clientId' | 'origin' | 'cookie'>, startedAt: number): PendingSync;
  list(): SyncRecord[];
  clear(): void;
}

export function createSyncLog(now: () => number = () => performance.now()): SyncLog {
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
        } satisfies SyncRecord as SyncRecord,
        done: false,
      };
      entries.push(entry);
      return {
        setFault(kind) {
          entry.record.fault = kind;
        },
        finish(status, ordersSynced = 0) {
          if (entry.done) return;
          entry.done = true;
          entry.record.status = status;
          entry.record.ordersSynced = status >= 200 && status < 300 ? ordersSynced : 0;
          entry.record.durationMs = Math.max(0, Math.round(now() - startedAt));
        },
      };
    },
    list() {
      return entries.filter((e) => e.done).map((e) => ({ ...e.record }));
    },
    clear() {
      // A new array: requests still in flight finish into the old one and stay forgotten.
      entries = [];
    },
  };
}
