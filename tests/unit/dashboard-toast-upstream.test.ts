import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToastUpstream, MAX_NEW_ORDERS_PER_SYNC, ORDERS_PAGE_SIZE } from '../../dev/dashboard/toast-upstream.ts';
import { SEED_USERS, startDashboard, type Dashboard } from '../../dev/dashboard/server.ts';
import { callSync, signIn } from '../../dev/dashboard/http-client.ts';

/** 2025-01-01T00:00:00Z: a 15-minute boundary, so window arithmetic is easy to read. */
const T0 = Date.UTC(2025, 0, 1);

function clock(start = T0): { now: () => number; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (ms) => (t = ms) };
}

describe('the simulated Toast upstream (injected clock)', () => {
  it('ordersBulk: 5 requests per second per location, then 429 until the next second', () => {
    const c = clock(T0 + 250);
    const toast = createToastUpstream(c);
    for (let i = 0; i < 5; i++) expect(toast.call('loc-a', 'ordersBulk')).toEqual({ ok: true });
    expect(toast.call('loc-a', 'ordersBulk')).toEqual({
      ok: false,
      limit: 'orders-bulk-per-second',
      retryAfterSeconds: 1,
      resetEpochSeconds: T0 / 1000 + 1,
    });
    // Other endpoints still have room under the 20/s location limit.
    expect(toast.call('loc-a', 'other')).toEqual({ ok: true });
    c.set(T0 + 999);
    expect(toast.call('loc-a', 'ordersBulk').ok).toBe(false);
    c.set(T0 + 1_000);
    expect(toast.call('loc-a', 'ordersBulk')).toEqual({ ok: true });
  });

  it('20 requests per second per location across endpoints; ordersBulk counts toward it', () => {
    const c = clock();
    const toast = createToastUpstream(c);
    for (let i = 0; i < 5; i++) expect(toast.call('loc-a', 'ordersBulk').ok).toBe(true);
    for (let i = 0; i < 15; i++) expect(toast.call('loc-a', 'other').ok).toBe(true);
    expect(toast.call('loc-a', 'other')).toMatchObject({ ok: false, limit: 'location-per-second', retryAfterSeconds: 1 });
    c.set(T0 + 1_000);
    for (let i = 0; i < 20; i++) expect(toast.call('loc-a', 'other').ok).toBe(true);
    expect(toast.call('loc-a', 'ordersBulk')).toMatchObject({ ok: false, limit: 'location-per-second' });
  });

  it('10,000 requests per 15 minutes per location, reset at the end of the window', () => {
    const c = clock();
    const toast = createToastUpstream(c);
    // 20 a second (the most the per-second limit allows) for 500 seconds.
    for (let second = 0; second < 500; second++) {
      c.set(T0 + second * 1_000);
      for (let i = 0; i < 20; i++) {
        const result = toast.call('loc-a', 'other');
        if (!result.ok) throw new Error(`refused early at ${second}s #${i}: ${result.limit}`);
      }
    }
    c.set(T0 + 600_000 + 400);
    expect(toast.call('loc-a', 'other')).toEqual({
      ok: false,
      limit: 'location-per-15-minutes',
      retryAfterSeconds: 300, // 899.6 s to go, rounded up
      resetEpochSeconds: T0 / 1000 + 900,
    });
    expect(toast.call('loc-b', 'other')).toEqual({ ok: true });
    c.set(T0 + 900_000);
    expect(toast.call('loc-a', 'other')).toEqual({ ok: true });
  });

  it('when several limits are hit the caller waits for the latest reset', () => {
    const c = clock();
    const toast = createToastUpstream(c);
    for (let second = 0; second < 499; second++) {
      c.set(T0 + second * 1_000);
      for (let i = 0; i < 20; i++) toast.call('loc-a', 'other');
    }
    c.set(T0 + 499_000);
    for (let i = 0; i < 15; i++) toast.call('loc-a', 'other');
    for (let i = 0; i < 5; i++) expect(toast.call('loc-a', 'ordersBulk').ok).toBe(true);
    // Now all three are spent: ordersBulk/s and location/s reset in 1 s, the 15 minutes in 401 s.
    expect(toast.call('loc-a', 'ordersBulk')).toEqual({
      ok: false,
      limit: 'location-per-15-minutes',
      retryAfterSeconds: 401,
      resetEpochSeconds: T0 / 1000 + 900,
    });
  });

  it('limits are per location', () => {
    const toast = createToastUpstream(clock());
    for (let i = 0; i < 5; i++) toast.call('loc-a', 'ordersBulk');
    expect(toast.call('loc-a', 'ordersBulk').ok).toBe(false);
    expect(toast.call('loc-b', 'ordersBulk').ok).toBe(true);
  });

  it('refused calls do not count', () => {
    const c = clock();
    const toast = createToastUpstream(c);
    for (let i = 0; i < 5; i++) toast.call('loc-a', 'ordersBulk');
    for (let i = 0; i < 100; i++) expect(toast.call('loc-a', 'ordersBulk').ok).toBe(false);
    // 5 ordersBulk + 15 more = the 20/s limit, so the 100 refusals were not counted.
    for (let i = 0; i < 15; i++) expect(toast.call('loc-a', 'other').ok).toBe(true);
    expect(toast.call('loc-a', 'other').ok).toBe(false);
  });

  it('a pull is 0–6 new orders in one or two ordersBulk pages, the same on every run', () => {
    // Two instances on the same clock: each location's sequence is fixed by its id.
    const c = clock();
    const a = createToastUpstream(c);
    const b = createToastUpstream(c);
    const counts: number[] = [];
    for (let i = 0; i < 30; i++) {
      c.set(T0 + i * 1_000);
      const ra = a.pullOrders('loc-bella-001');
      const rb = b.pullOrders('loc-bella-001');
      expect(ra).toEqual(rb);
      if (!ra.ok) continue;
      counts.push(ra.orders.length);
      expect(ra.orders.length).toBeLessThanOrEqual(MAX_NEW_ORDERS_PER_SYNC);
      expect(ra.pages).toBe(Math.max(1, Math.ceil(ra.orders.length / ORDERS_PAGE_SIZE)));
      expect(ra.pages).toBeLessThanOrEqual(2);
    }
    expect(new Set(counts).size).toBeGreaterThan(2);
  });

  it('a rate-limited pull keeps its orders for the next one, and ticket numbers never skip', () => {
    const c = clock();
    const toast = createToastUpstream(c);
    const numbers: number[] = [];
    let limited = 0;
    for (let step = 0; step < 200; step++) {
      c.set(T0 + step * 150); // ~6.7 pulls a second: some hit the 5/s ordersBulk limit
      const result = toast.pullOrders('loc-a');
      if (result.ok) numbers.push(...result.orders.map((o) => o.displayNumber));
      else limited++;
    }
    expect(limited).toBeGreaterThan(0);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });
});

describe('Toast limits through the sync route', () => {
  let dash: Dashboard;
  let admin: string;
  beforeEach(async () => {
    dash = await startDashboard({ port: 0 });
    admin = await signIn(dash.url, SEED_USERS.admin);
  });
  afterEach(async () => {
    await dash.close();
  });

  it('rapid syncs hit the ordersBulk limit: 429 with Retry-After and X-Toast-RateLimit-Reset, status rate_limited', async () => {
    let limited: Response | undefined;
    let successes = 0;
    for (let i = 0; i < 50 && limited === undefined; i++) {
      const res = await callSync(dash.url, { cookie: admin, clientId: 'c-harbor' });
      if (res.status === 429) limited = res;
      else {
        expect(res.status).toBe(200);
        successes++;
      }
    }
    if (limited === undefined) throw new Error('50 back-to-back syncs never hit the 5/s limit');
    // Each sync is at least one ordersBulk call, so no more than 5 fit in one second's window
    // (up to 10 if the loop straddled a second boundary).
    expect(successes).toBeLessThanOrEqual(10);
    const nowSeconds = Date.now() / 1000;
    const retryAfter = limited.headers.get('retry-after');
    const reset = Number(limited.headers.get('x-toast-ratelimit-reset'));
    expect(retryAfter).toBe('1');
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset).toBeGreaterThan(nowSeconds - 1);
    expect(reset).toBeLessThanOrEqual(Math.ceil(nowSeconds) + 1);
    expect(await limited.json()).toEqual({ error: 'Toast rate limit' });
    expect(dash.syncs().at(-1)).toMatchObject({ status: 429, fault: null, ordersSynced: 0 });

    const setup = await fetch(`${dash.url}/api/toast/setup?clientId=c-harbor`, { headers: { Cookie: admin } });
    const status = (await setup.json()) as { last_sync_status: unknown; last_sync_at: unknown };
    expect(status.last_sync_status).toBe('rate_limited');
    // last_sync_at stays the time of the last sync that brought orders in.
    if (successes > 0) expect(status.last_sync_at).toEqual(expect.any(String));
    else expect(status.last_sync_at).toBeNull();

    // Other locations are unaffected.
    expect((await callSync(dash.url, { cookie: admin, clientId: 'c-bella' })).status).toBe(200);
  });
});
