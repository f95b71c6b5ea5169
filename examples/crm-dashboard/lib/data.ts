/**
 * Seeded users and clients (restaurants), and the fixed fake visits the Visits page shows.
 * Everything that changes at run time (sessions, sync status, synced orders) lives in
 * lib/state.ts.
 */

import { hashSeed, pick, randomInt, seededRandom } from './random';

export type Role = 'admin' | 'staff';

export interface SeedUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** What the browser gets to see of a user (passed from the server layout to UserContext). */
export interface PublicUser {
  email: string;
  name: string;
  role: Role;
}

export interface Client {
  id: string;
  name: string;
  /** Whether the client has a Toast POS integration. */
  toast: boolean;
}

export const SEED_USERS: readonly SeedUser[] = [
  { email: 'admin@demo.test', password: 'admin123', name: 'Avery Admin', role: 'admin' },
  { email: 'staff@demo.test', password: 'staff123', name: 'Sam Staff', role: 'staff' },
];

export const CLIENTS: readonly Client[] = [
  { id: 'c-bella', name: "Bella's Bistro", toast: true },
  { id: 'c-harbor', name: 'Harbor Grill', toast: true },
  { id: 'c-noodle', name: 'Noodle Bar', toast: false },
];

/** One Toast restaurant location per integrated client (Toast rate-limits per location). */
export const TOAST_LOCATIONS: Readonly<Record<string, string>> = {
  'c-bella': 'loc-bella-001',
  'c-harbor': 'loc-harbor-001',
};

function publicUser(user: SeedUser): PublicUser {
  return { email: user.email, name: user.name, role: user.role };
}

/** Demo only: real passwords are hashed (argon2/bcrypt) and compared in constant time. */
export function checkCredentials(email: string, password: string): PublicUser | null {
  const user = SEED_USERS.find((u) => u.email === email.trim().toLowerCase());
  return user === undefined || user.password !== password ? null : publicUser(user);
}

export function userByEmail(email: string): PublicUser | null {
  const user = SEED_USERS.find((u) => u.email === email);
  return user === undefined ? null : publicUser(user);
}

export function findClient(id: string): Client | null {
  return CLIENTS.find((c) => c.id === id) ?? null;
}

export interface Visit {
  id: string;
  guest: string;
  partySize: number;
  visitedAt: string;
}

const GUESTS = ['Ada L.', 'Ben K.', 'Chloe M.', 'Dev P.', 'Elena R.', 'Farid S.', 'Grace T.', 'Hugo V.'] as const;

/** A fixed week of visits per client: the page only needs something plausible to show. */
export function visitsOf(clientId: string): Visit[] {
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

/** Server-rendered dates: one fixed format, so the page reads the same in every locale. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
