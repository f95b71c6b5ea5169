/**
 * Syncing one client: from the cache when a pull of it is fresh, else one pull from Toast
 * shared by every request that arrives while it runs. Used by the sync route and by the test
 * controls' "a colleague synced" (POST /__control/pull).
 */

import { addOrders, recordSync, type ServerState } from './state';

export type ClientSync =
  /** `pulled`: this request made the pull; `shared`: it joined one under way; `cached`: a fresh one answered. */
  | { kind: 'pulled' | 'shared' | 'cached'; syncedAt: string; ordersSynced: number }
  | { kind: 'rate-limited'; retryAfterSeconds: number; resetEpochSeconds: number };

export async function syncClient(state: ServerState, clientId: string, locationId: string): Promise<ClientSync> {
  const cached = state.syncCache.fresh(clientId, Date.now());
  if (cached !== null) return { kind: 'cached', syncedAt: cached.syncedAt, ordersSynced: 0 };
  const { result, shared } = await state.syncCache.pullOnce(
    clientId,
    async () => {
      const pulled = state.upstream.pullOrders(locationId);
      const at = new Date().toISOString();
      if (pulled.ok) {
        addOrders(clientId, pulled.orders);
        recordSync(clientId, 'success', at, pulled.orders.length);
      } else {
        recordSync(clientId, 'rate_limited', at);
      }
      return { ...pulled, syncedAt: at };
    },
    (pulled) => (pulled.ok ? { syncedAt: pulled.syncedAt, ordersSynced: pulled.orders.length } : null),
  );
  if (!result.ok) return { kind: 'rate-limited', retryAfterSeconds: result.retryAfterSeconds, resetEpochSeconds: result.resetEpochSeconds };
  // A request that joined a pull under way gets its time, not its orders (those went to the first).
  return { kind: shared ? 'shared' : 'pulled', syncedAt: result.syncedAt, ordersSynced: shared ? 0 : result.orders.length };
}
