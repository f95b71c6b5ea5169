import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_USERS, startDashboard, type Dashboard } from '../../dev/dashboard/server.ts';
import { callSync, controlSyncs, signIn } from '../../dev/dashboard/http-client.ts';

let dash: Dashboard;
let admin: string;
let staff: string;

// A fresh simulator per test: its Toast upstream keeps real per-second rate limits, which a
// shared instance would carry from one test into the next.
beforeEach(async () => {
  dash = await startDashboard({ port: 0 });
  admin = await signIn(dash.url, SEED_USERS.admin);
  staff = await signIn(dash.url, SEED_USERS.staff);
});
afterEach(async () => {
  await dash.close();
});

async function expectAnswer(res: Response, status: number, body: unknown): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual(body);
}

describe('POST /api/toast/sync', () => {
  it('an admin with the dashboard origin syncs: 200 {ok, ordersSynced, syncedAt} and the status is updated', async () => {
    const before = Date.now();
    const res = await callSync(dash.url, { cookie: admin, clientId: 'c-harbor' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; ordersSynced: number; syncedAt: string };
    expect(body.ok).toBe(true);
    expect(Number.isInteger(body.ordersSynced)).toBe(true);
    expect(body.ordersSynced).toBeGreaterThanOrEqual(0);
    expect(body.ordersSynced).toBeLessThanOrEqual(6);
    expect(Date.parse(body.syncedAt)).toBeGreaterThanOrEqual(before);

    const setup = await fetch(`${dash.url}/api/toast/setup?clientId=c-harbor`, { headers: { Cookie: staff } });
    expect(await setup.json()).toEqual({
      clientId: 'c-harbor',
      connected: true,
      last_sync_at: body.syncedAt,
      last_sync_status: 'success',
    });
  });

  it('the orders page data holds what was synced, most recent first, at most 20', async () => {
    let total = 0;
    for (let i = 0; i < 40 && total <= 20; i++) {
      const res = await callSync(dash.url, { cookie: admin, clientId: 'c-bella' });
      if (res.status === 429) {
        // Toast's 5/s ordersBulk limit: wait for the next second like a polite client would.
        await new Promise((r) => setTimeout(r, 1_005 - (Date.now() % 1_000)));
        continue;
      }
      expect(res.status).toBe(200);
      total += ((await res.json()) as { ordersSynced: number }).ordersSynced;
    }
    expect(total).toBeGreaterThan(20);
    const res = await fetch(`${dash.url}/api/orders?clientId=c-bella`, { headers: { Cookie: admin } });
    const { orders } = (await res.json()) as { orders: { displayNumber: number }[] };
    expect(orders).toHaveLength(20);
    // Ticket numbers count up per location, so the newest 20 are total-19 … total.
    expect(orders.map((o) => o.displayNumber)).toEqual(Array.from({ length: 20 }, (_, i) => total - i));
    const harbor = await fetch(`${dash.url}/api/orders?clientId=c-harbor`, { headers: { Cookie: admin } });
    expect(await harbor.json()).toEqual({ clientId: 'c-harbor', orders: [] });
  });

  it('no session: 401 Unauthorized, checked before the origin', async () => {
    await expectAnswer(await callSync(dash.url, {}), 401, { error: 'Unauthorized' });
    await expectAnswer(await callSync(dash.url, { origin: 'https://evil.test' }), 401, { error: 'Unauthorized' });
    await expectAnswer(await callSync(dash.url, { cookie: 'session=made-up' }), 401, { error: 'Unauthorized' });
  });

  describe('origin allow-list (CSRF protection)', () => {
    it.each([
      ['the dashboard as localhost', () => `http://localhost:${dash.port}`],
      ['the dashboard as 127.0.0.1', () => `http://127.0.0.1:${dash.port}`],
      ['an extension', () => 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
    ])('allows %s', async (_name, origin) => {
      expect((await callSync(dash.url, { cookie: admin, origin: origin() })).status).toBe(200);
    });

    it.each([
      ['no Origin at all', () => null],
      ['another site', () => 'https://evil.test'],
      ['another local port', () => `http://localhost:${dash.port + 1}`],
      ['https on the same host', () => `https://localhost:${dash.port}`],
      ['an empty extension id', () => 'chrome-extension://'],
      ['a lookalike', () => `http://localhost:${dash.port}.evil.test`],
      ['another browser extension scheme', () => 'moz-extension://abc'],
    ])('refuses %s', async (_name, origin) => {
      await expectAnswer(await callSync(dash.url, { cookie: admin, origin: origin() }), 403, { error: 'Origin not allowed' });
    });

    it('the origin is checked before the role', async () => {
      await expectAnswer(await callSync(dash.url, { cookie: staff, origin: null }), 403, { error: 'Origin not allowed' });
    });
  });

  it('staff: 403 Admins only', async () => {
    await expectAnswer(await callSync(dash.url, { cookie: staff }), 403, { error: 'Admins only' });
  });

  it('a body that is not JSON, or has no clientId: 400', async () => {
    for (const body of ['not json', '{"clientId":', '[]', '{}', '{"clientId":""}', '{"clientId":42}', '']) {
      const res = await callSync(dash.url, { cookie: admin, body });
      expect(res.status, body).toBe(400);
      expect(await res.json(), body).toHaveProperty('error');
    }
  });

  it('an unknown client: 404', async () => {
    await expectAnswer(await callSync(dash.url, { cookie: admin, clientId: 'c-nope' }), 404, { error: 'Client not found' });
  });

  it('a client without Toast: 404 No Toast integration', async () => {
    await expectAnswer(await callSync(dash.url, { cookie: admin, clientId: 'c-noodle' }), 404, {
      error: 'No Toast integration for this client',
    });
  });

  it('a huge body is refused without harm', async () => {
    const res = await callSync(dash.url, { cookie: admin, body: JSON.stringify({ clientId: 'c-bella', pad: 'x'.repeat(200_000) }) });
    expect(res.status).toBe(413);
    expect((await callSync(dash.url, { cookie: admin })).status).toBe(200);
  });
});

describe('the request log', () => {
  it('records every sync request in arrival order with what was asked and answered', async () => {
    const t0 = Date.now();
    const ok = await callSync(dash.url, { cookie: admin, clientId: 'c-bella', origin: 'chrome-extension://ext' });
    const okBody = (await ok.json()) as { ordersSynced: number };
    await callSync(dash.url, { clientId: 'c-harbor', origin: null });
    await callSync(dash.url, { cookie: admin, body: 'garbage' });
    const t1 = Date.now();

    const syncs = dash.syncs();
    expect(syncs).toHaveLength(3);
    const [first, second, third] = syncs;
    expect(first).toMatchObject({
      clientId: 'c-bella',
      origin: 'chrome-extension://ext',
      cookie: true,
      status: 200,
      ordersSynced: okBody.ordersSynced,
      fault: null,
    });
    expect(second).toMatchObject({ clientId: 'c-harbor', origin: null, cookie: false, status: 401, ordersSynced: 0, fault: null });
    expect(third).toMatchObject({ clientId: null, origin: `http://localhost:${dash.port}`, cookie: true, status: 400 });
    for (const record of syncs) {
      expect(record.atMs).toBeGreaterThanOrEqual(t0);
      expect(record.atMs).toBeLessThanOrEqual(t1);
      expect(record.at).toBe(new Date(record.atMs).toISOString());
      expect(record.durationMs).toBeGreaterThanOrEqual(0);
      expect(record.durationMs).toBeLessThan(1_000);
    }
    expect(syncs.map((s) => s.atMs)).toEqual([...syncs.map((s) => s.atMs)].sort((a, b) => a - b));
  });

  it('only POST /api/toast/sync is logged', async () => {
    await fetch(`${dash.url}/api/me`, { headers: { Cookie: admin } });
    await fetch(`${dash.url}/api/toast/sync`);
    await fetch(`${dash.url}/__control/syncs`);
    expect(dash.syncs()).toEqual([]);
  });

  it('hands out copies', async () => {
    await callSync(dash.url, { cookie: admin });
    const copy = dash.syncs();
    (copy[0] as { status: number }).status = 999;
    copy.length = 0;
    expect(dash.syncs()).toHaveLength(1);
    expect(dash.syncs()[0]?.status).toBe(200);
  });

  it('is the same over HTTP', async () => {
    await callSync(dash.url, { cookie: admin });
    await callSync(dash.url, { cookie: staff });
    expect(await controlSyncs(dash.url)).toEqual(dash.syncs());
  });

  it('reset() and POST /__control/reset clear it but keep sessions', async () => {
    await callSync(dash.url, { cookie: admin });
    dash.reset();
    expect(dash.syncs()).toEqual([]);
    await callSync(dash.url, { cookie: admin });
    expect((await fetch(`${dash.url}/__control/reset`, { method: 'POST' })).status).toBe(204);
    expect(await controlSyncs(dash.url)).toEqual([]);
    expect((await callSync(dash.url, { cookie: admin })).status).toBe(200);
  });

  it('/__control endpoints refuse the wrong method and unknown names', async () => {
    expect((await fetch(`${dash.url}/__control/syncs`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${dash.url}/__control/nope`)).status).toBe(404);
  });
});
