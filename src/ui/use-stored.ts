/** React hooks over the page's storage window (`page-stored.ts`), plus a ticking clock for live relative times and countdowns. */

import { useEffect, useState } from 'react';
import type { Settings } from '../shared/settings.ts';
import type { SyncState } from '../shared/sync-state.ts';
import { stored } from './page-stored.ts';

function useStored<T>(read: () => Promise<T>, watch: (cb: (value: T) => void, signal: AbortSignal) => void): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let changed = false;
    watch((next) => {
      changed = true;
      setValue(next);
    }, controller.signal);
    read().then(
      (first) => {
        // A change that arrived while reading is newer than what was read.
        if (!changed && !controller.signal.aborted) setValue(first);
      },
      (error: unknown) => console.error('Toast sync: could not read storage', error),
    );
    return () => controller.abort();
  }, [read, watch]);
  return value;
}

/** `null` until the first read (a few milliseconds). */
export function useSyncState(): SyncState | null {
  return useStored(stored.readSyncState, stored.watchSyncState);
}

export function useSettings(): Settings | null {
  return useStored(stored.readSettings, stored.watchSettings);
}

/** The current time, refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
