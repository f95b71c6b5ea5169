/**
 * One Toast pull per client per freshness window, however many admins ask. Ten admins watching
 * one restaurant would otherwise cost ten pulls a minute of the same orders, out of Toast's
 * per-restaurant rate limit. A request that finds a pull of its client made less than
 * `freshMs` ago gets that pull's `syncedAt` (earlier than now) and no pull; requests that
 * arrive while a pull is under way wait for it and share it (single flight).
 *
 * The Toast Sync Companion extension plans its next sync from `syncedAt`, an interval after
 * it, so the admins of one client converge on asking just after the copy goes stale. Keep the
 * window at the admins' poll interval (60 s by default): shorter, and admins who asked at
 * different moments each pull; longer, and they see staler data.
 */

export interface CachedSync {
  syncedAt: string;
  ordersSynced: number;
}

export interface SyncCache {
  /** 0 turns caching off (every request pulls). */
  freshMs: number;
  /** The client's last pull if it is still fresh at `nowMs`. */
  fresh(clientId: string, nowMs: number): CachedSync | null;
  /** Runs `pull` for the client unless one is under way, whose result is shared. A failed or refused pull is not kept. */
  pullOnce<T extends { ok: boolean }>(
    clientId: string,
    pull: () => Promise<T>,
    kept: (result: T) => CachedSync | null,
  ): Promise<{ result: T; shared: boolean }>;
}

export function createSyncCache(freshMs: number, now: () => number = Date.now): SyncCache {
  const last = new Map<string, { atMs: number; sync: CachedSync }>();
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    freshMs,
    fresh(clientId, nowMs) {
      const hit = last.get(clientId);
      return hit !== undefined && this.freshMs > 0 && nowMs - hit.atMs < this.freshMs ? hit.sync : null;
    },
    async pullOnce(clientId, pull, kept) {
      const running = inFlight.get(clientId) as Promise<Awaited<ReturnType<typeof pull>>> | undefined;
      if (running !== undefined) return { result: await running, shared: true };
      const started = pull().then((result) => {
        const sync = kept(result);
        if (sync !== null) last.set(clientId, { atMs: now(), sync });
        return result;
      });
      inFlight.set(clientId, started);
      try {
        return { result: await started, shared: false };
      } finally {
        inFlight.delete(clientId);
      }
    },
  };
}

/** The window from `CRM_SYNC_FRESH_SECONDS` (default 60: the extension's default interval). */
export function freshWindowMs(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 60_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error('CRM_SYNC_FRESH_SECONDS must be a number of seconds ≥ 0');
  return seconds * 1000;
}
