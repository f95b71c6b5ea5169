/**
 * The Toast POS API as the dashboard's sync route sees it: per-location rate limits and a
 * deterministic trickle of new orders. Pure (clock injected), so the limits are unit-tested
 * without waiting.
 *
 * Limits from Toast's documentation ("Rate limiting", doc.toasttab.com): per restaurant
 * location 20 requests per second and 10,000 per 15 minutes across all endpoints; the orders
 * `ordersBulk` endpoint additionally 5 requests per second. Modelled as fixed windows aligned
 * to the epoch, so a limited answer's reset time is exact. Refused calls do not count.
 */

import { hashSeed, randomInt, seededRandom } from './random.ts';

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

export type ToastEndpoint = 'ordersBulk' | 'other';

export type ToastLimitName = 'location-per-second' | 'location-per-15-minutes' | 'orders-bulk-per-second';

export interface ToastRateLimited {
  ok: false;
  limit: ToastLimitName;
  /** What Toast puts in Retry-After: whole seconds until the window resets, at least 1. */
  retryAfterSeconds: number;
  /** What Toast puts in X-Toast-RateLimit-Reset: epoch seconds when the window resets. */
  resetEpochSeconds: number;
}

export type ToastCallResult = { ok: true } | ToastRateLimited;
export type ToastPullResult = { ok: true; orders: ToastOrder[]; pages: number } | ToastRateLimited;

interface Limit {
  name: ToastLimitName;
  max: number;
  windowMs: number;
  appliesTo: (endpoint: ToastEndpoint) => boolean;
}

export const TOAST_LIMITS: readonly Limit[] = [
  { name: 'location-per-second', max: 20, windowMs: 1_000, appliesTo: () => true },
  { name: 'location-per-15-minutes', max: 10_000, windowMs: 15 * 60_000, appliesTo: () => true },
  { name: 'orders-bulk-per-second', max: 5, windowMs: 1_000, appliesTo: (e) => e === 'ordersBulk' },
];

/** Orders per ordersBulk page: 0–6 new orders per sync means one or two page calls. */
export const ORDERS_PAGE_SIZE = 4;
export const MAX_NEW_ORDERS_PER_SYNC = 6;

export interface ToastUpstream {
  /** One API call against a location's limits. */
  call(locationId: string, endpoint: ToastEndpoint): ToastCallResult;
  /**
   * One sync's worth of ordersBulk page calls. New orders wait at the location until a pull
   * fetches every page, so a rate-limited sync loses nothing: the next one gets them.
   */
  pullOrders(locationId: string): ToastPullResult;
}

interface Counter {
  start: number;
  count: number;
}

interface Location {
  random: () => number;
  nextNumber: number;
  pending: ToastOrder[] | null;
}

export function createToastUpstream(options: { now: () => number }): ToastUpstream {
  const { now } = options;
  const windows = new Map<string, Counter>();
  const locations = new Map<string, Location>();

  function windowFor(locationId: string, limit: Limit, at: number): Counter {
    const key = `${locationId}\u0000${limit.name}`;
    const start = Math.floor(at / limit.windowMs) * limit.windowMs;
    let found = windows.get(key);
    if (found === undefined || found.start !== start) {
      found = { start, count: 0 };
      windows.set(key, found);
    }
    return found;
  }

  function call(locationId: string, endpoint: ToastEndpoint): ToastCallResult {
    const at = now();
    const applicable = TOAST_LIMITS.filter((l) => l.appliesTo(endpoint));
    let worst: ToastRateLimited | null = null;
    for (const limit of applicable) {
      const counter = windowFor(locationId, limit, at);
      if (counter.count < limit.max) continue;
      const resetMs = counter.start + limit.windowMs;
      // When several limits are hit, the caller has to wait for the last one to reset.
      if (worst === null || resetMs / 1000 > worst.resetEpochSeconds) {
        worst = {
          ok: false,
          limit: limit.name,
          retryAfterSeconds: Math.max(1, Math.ceil((resetMs - at) / 1000)),
          resetEpochSeconds: Math.ceil(resetMs / 1000),
        };
      }
    }
    if (worst !== null) return worst;
    for (const limit of applicable) windowFor(locationId, limit, at).count += 1;
    return { ok: true };
  }

  function location(locationId: string): Location {
    let found = locations.get(locationId);
    if (found === undefined) {
      found = { random: seededRandom(hashSeed(locationId)), nextNumber: 1, pending: null };
      locations.set(locationId, found);
    }
    return found;
  }

  function newOrders(locationId: string, loc: Location): ToastOrder[] {
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

  function pullOrders(locationId: string): ToastPullResult {
    const loc = location(locationId);
    const batch = loc.pending ?? newOrders(locationId, loc);
    loc.pending = batch;
    const pages = Math.max(1, Math.ceil(batch.length / ORDERS_PAGE_SIZE));
    for (let page = 0; page < pages; page++) {
      const result = call(locationId, 'ordersBulk');
      if (!result.ok) return result;
    }
    loc.pending = null;
    return { ok: true, orders: batch, pages };
  }

  return { call, pullOrders };
}
