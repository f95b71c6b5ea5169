/**
 * Reads and writes the sync state record. Updates run one at a time, each on the freshest
 * record, so a context change arriving mid-sync is never overwritten by the sync's result.
 */

import { parseSyncState, SYNC_STATE_KEY, type SyncState } from '../shared/sync-state.ts';

export interface StoragePort {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface StateStore {
  read(): Promise<SyncState>;
  update(change: (state: SyncState) => SyncState): Promise<SyncState>;
  /** As `update`, for a change that also decides something: the decision comes back with the record written. */
  transition<T>(change: (state: SyncState) => { next: SyncState; decision: T }): Promise<{ state: SyncState; decision: T }>;
}

export function createStateStore(
  storage: StoragePort,
  onCommit: (state: SyncState) => void | Promise<void>,
  now: () => number,
): StateStore {
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<SyncState> {
    const items = await storage.get(SYNC_STATE_KEY);
    return parseSyncState(items[SYNC_STATE_KEY]);
  }

  function transition<T>(change: (state: SyncState) => { next: SyncState; decision: T }): Promise<{ state: SyncState; decision: T }> {
    const run = queue.then(async () => {
      const current = await read();
      const { next: changed, decision } = change(current);
      if (JSON.stringify({ ...changed, writtenAt: current.writtenAt }) === JSON.stringify(current)) return { state: current, decision };
      // Stamped with the clock, so its times can be told apart from a clock set back since.
      const next = { ...changed, writtenAt: now() };
      await storage.set({ [SYNC_STATE_KEY]: next });
      try {
        await onCommit(next);
      } catch (error) {
        console.warn('Toast sync: could not show the new state', error);
      }
      return { state: next, decision };
    });
    queue = run.catch(() => undefined);
    return run;
  }

  async function update(change: (state: SyncState) => SyncState): Promise<SyncState> {
    return (await transition((state) => ({ next: change(state), decision: null }))).state;
  }

  return { read, update, transition };
}
