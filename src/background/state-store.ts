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

  function update(change: (state: SyncState) => SyncState): Promise<SyncState> {
    const run = queue.then(async () => {
      const current = await read();
      const changed = change(current);
      if (JSON.stringify({ ...changed, writtenAt: current.writtenAt }) === JSON.stringify(current)) return current;
      // Stamped with the clock, so its times can be told apart from a clock set back since.
      const next = { ...changed, writtenAt: now() };
      await storage.set({ [SYNC_STATE_KEY]: next });
      try {
        await onCommit(next);
      } catch (error) {
        console.warn('Toast sync: could not show the new state', error);
      }
      return next;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return { read, update };
}
