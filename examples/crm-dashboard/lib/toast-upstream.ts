/**
 * The Toast POS API as the sync route sees it: per-location rate limits and a deterministic
 * trickle of new orders (0–6 per sync, the same sequence on every run).
 *
 * Limits from Toast's documentation ("Rate limiting"): per restaurant location 20 requests per
 * second and 10,000 per 15 minutes across all endpoints; `ordersBulk` additionally 5 per
 * second. Modelled as fixed windows aligned to the epoch, so a limited answer's reset time is
 * exact. Refused calls do not count.
 */

import { hashSeed, randomInt, seededRandom } from './random';

export interface ToastOrder {
  guid: string;
  locationId: string;
  /** The number printed on the ticket, counting up per location. */
  displayNumber: number;
  openedDate: string;
  itemCount: number;
  /** In dollars, two decimals. */
  totalAmount: number;
}

export interface ToastRateLimited {
  ok: false;
  /** What Toast puts in Retry-After: whole seconds until the window resets, at least 1. */
  retryAfterSeconds: number;
  /** What Toast puts in X-Toast-RateLimit-Reset: epoch seconds when the window resets. */
  resetEpochSeconds: number;
}

export type ToastPullResult = { ok: true; orders: ToastOrder[] } | ToastRateLimited;

interface Limit {
  name: string;
  max: number;
  windowMs: number;
}

/** All three apply to ordersBulk, the only endpoint this dashboard calls. */
const LIMITS: readonly Limit[] = [
  { name: 'location-per-second', max: 20, windowMs: 1_000 },
  { name: 'location-per-15-minutes', max: 10_000, windowMs: 15 * 60_000 },
  { name: 'orders-bulk-per-second', max: 5, windowMs: 1_000 },
];

const PAGE_SIZE = 4;
const MAX_NEW_ORDERS_PER_SYNC = 6;

export interface ToastUpstream {
  /**
   * One sync's worth of ordersBulk page calls. New orders wait at the location until a pull
   * fetches every page, so a rate-limited sync loses nothing: the next one gets them.
   */
  pullOrders(locationId: string): ToastPullResult;
}

export function createToastUpstream(now: () => number = Date.now): ToastUpstream {
  const windows = new Map<string, { start: number; count: number }>();
  const locations = new Map<string, { random: () => number; nextNumber: number; pending: ToastOrder[] | null }>();

  function windowFor(locationId: string, limit: Limit, at: number): { start: number; count: number } {
    const key = `${locationId}\u0000${limit.name}`;
    const start = Math.floor(at / limit.windowMs) * limit.windowMs;
    let found = windows.get(key);
    if (found === undefined || found.start !== start) {
      found = { start, count: 0 };
      windows.set(key, found);
    }
    return found;
  }

  function callOrdersBulk(locationId: string): ToastRateLimited | null {
    const at = now();
    let worst: ToastRateLimited | null = null;
    for (const limit of LIMITS) {
      const counter = windowFor(locationId, limit, at);
      if (counter.count < limit.max) continue;
      const resetMs = counter.start + limit.windowMs;
      // Several limits hit: the caller has to wait for the last one to reset.
      if (worst === null || Math.ceil(resetMs / 1000) > worst.resetEpochSeconds) {
        worst = {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((resetMs - at) / 1000)),
          resetEpochSeconds: Math.ceil(resetMs / 1000),
        };
      }
    }
    if (worst !== null) return worst;
    for (const limit of LIMITS) windowFor(locationId, limit, at).count += 1;
    return null;
  }

  function newOrders(locationId: string, loc: { random: () => number; nextNumber: number }): ToastOrder[] {
    const count = randomInt(loc.random, 0, MAX_NEW_ORDERS_PER_SYNC);
    const at = now();
    // Oldest first, so ticket numbers go up with time as they do at a real till.
    const minutesAgo = Array.from({ length: count }, () => randomInt(loc.random, 1, 55)).sort((a, b) => b - a);
    return minutesAgo.map((ago) => {
      const number = loc.nextNumber++;
      const hex = Math.floor(loc.random() * 0xffffffff)
        .toString(16)
        .padStart(8, '0');
      return {
        guid: `${hex}-${locationId}-${number}`,
        locationId,
        displayNumber: number,
        openedDate: new Date(at - ago * 60_000).toISOString(),
        itemCount: randomInt(loc.random, 1, 9),
        totalAmount: randomInt(loc.random, 800, 18_000) / 100,
      };
    });
  }

  return {
    pullOrders(locationId) {
      let loc = locations.get(locationId);
      if (loc === undefined) {
        loc = { random: seededRandom(hashSeed(locationId)), nextNumber: 1, pending: null };
        locations.set(locationId, loc);
      }
      const batch = loc.pending ?? newOrders(locationId, loc);
      loc.pending = batch;
      const pages = Math.max(1, Math.ceil(batch.length / PAGE_SIZE));
      for (let page = 0; page < pages; page++) {
        const limited = callOrdersBulk(locationId);
        if (limited !== null) return limited;
      }
      loc.pending = null;
      return { ok: true, orders: batch };
    },
  };
}
