/**
 * Seeded users, clients (restaurants) and the per-instance mutable data: each Toast
 * integration's status and the orders synced so far. Each simulator instance gets its own
 * store, so tests running several dashboards never share state.
 */

import { hashSeed, pick, randomInt, seededRandom } from './random.ts';
import type { ToastOrder } from './toast-upstream.ts';

export type Role = 'admin' | 'staff';

export interface SeedUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export interface SeedClient {
  id: string;
  name: string;
  /** Whether the client has a Toast POS integration. */
  toast: boolean;
}

export const SEED_USERS = {
  admin: { email: 'admin@demo.test', password: 'admin123', name: 'Avery Admin', role: 'admin' },
  staff: { email: 'staff@demo.test', password: 'staff123', name: 'Sam Staff', role: 'staff' },
} as const satisfies Record<string, SeedUser>;

export const SEED_CLIENTS = [
  { id: 'c-bella', name: "Bella's Bistro", toast: true },
  { id: 'c-harbor', name: 'Harbor Grill', toast: true },
  { id: 'c-noodle', name: 'Noodle Bar', toast: false },
] as const satisfies readonly SeedClient[];

/** One Toast restaurant location per integrated client (Toast rate-limits per location). */
export const TOAST_LOCATIONS: Readonly<Record<string, string>> = {
  'c-bella': 'loc-bella-001',
  'c-harbor': 'loc-harbor-001',
};

export interface PublicUser {
  email: string;
  name: string;
  role: Role;
}

export function findUser(email: string, password: string): PublicUser | null {
  const user = Object.values(SEED_USERS).find((u) => u.email === email.trim().toLowerCase());
  if (user === undefined || user.password !== password) return null;
  return publicUser(user);
}

export function userByEmail(email: string): PublicUser | null {
  const user = Object.values(SEED_USERS).find((u) => u.email === email);
  return user === undefined ? null : publicUser(user);
}

function publicUser(user: SeedUser): PublicUser {
  return { email: user.email, name: user.name, role: user.role };
}

export function findClient(id: string): SeedClient | null {
  return SEED_CLIENTS.find((c) => c.id === id) ?? null;
}

export type SyncStatus = 'success' | 'error' | 'rate_limited';

export interface IntegrationStatus {
  clientId: string;
  connected: boolean;
  last_sync_at: string | null;
  last_sync_status: SyncStatus | null;
}

export interface Visit {
  id: string;
  guest: string;
  partySize: number;
  visitedAt: string;
}

/** Orders kept per client; the orders page shows the most recent ones. */
const ORDERS_KEPT = 500;

export interface Store {
  integration(clientId: string): IntegrationStatus | null;
  recordSync(clientId: string, status: SyncStatus, atIso: string): void;
  addOrders(clientId: string, orders: readonly ToastOrder[]): void;
  /** Most recent first. */
  recentOrders(clientId: string, limit: number): ToastOrder[];
  visits(clientId: string): Visit[];
}

export function createStore(): Store {
  const integrations = new Map<string, IntegrationStatus>(
    SEED_CLIENTS.map((c) => [c.id, { clientId: c.id, connected: c.toast, last_sync_at: null, last_sync_status: null }]),
  );
  const orders = new Map<string, ToastOrder[]>();

  return {
    integration(clientId) {
      const found = integrations.get(clientId);
      return found === undefined ? null : { ...found };
    },
    recordSync(clientId, status, atIso) {
      const found = integrations.get(clientId);
      if (found === undefined) return;
      found.last_sync_status = status;
      // Like the real route: last_sync_at is the last time orders actually came in.
      if (status === 'success') found.last_sync_at = atIso;
    },
    addOrders(clientId, added) {
      const list = orders.get(clientId) ?? [];
      list.push(...added);
      if (list.length > ORDERS_KEPT) list.splice(0, list.length - ORDERS_KEPT);
      orders.set(clientId, list);
    },
    recentOrders(clientId, limit) {
      return (orders.get(clientId) ?? []).slice(-limit).reverse();
    },
    visits(clientId) {
      return seededVisits(clientId);
    },
  };
}

const GUESTS = ['Ada L.', 'Ben K.', 'Chloe M.', 'Dev P.', 'Elena R.', 'Farid S.', 'Grace T.', 'Hugo V.'] as const;

/** A fixed week of visits per client; the page only needs something plausible to show. */
function seededVisits(clientId: string): Visit[] {
  if (findClient(clientId) === null) return [];
  const random = seededRandom(hashSeed(`visits:${clientId}`));
  const start = Date.UTC(2025, 0, 6, 18, 0, 0);
  return Array.from({ length: 8 }, (_, i) => ({
    id: `${clientId}-v${i + 1}`,
    guest: pick(random, GUESTS),
    partySize: randomInt(random, 1, 8),
    visitedAt: new Date(start + i * 86_400_000 + randomInt(random, 0, 180) * 60_000).toISOString(),
  }));
}
