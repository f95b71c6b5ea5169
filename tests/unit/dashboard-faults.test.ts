import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MALFORMED_JSON_BODY, SEED_USERS, startDashboard, type Dashboard, type Fault } from '../../dev/dashboard/server.ts';
import { callSync, controlFaults, signIn } from '../../dev/dashboard/http-client.ts';

let dash: Dashboard;
let admin: string;

beforeEach(async () => {
  dash = await startDashboard({ port: 0 });
  admin = await signIn(dash.url, SEED_USERS.admin);
});
afterEach(async () => {
  await dash.close();
});

const sync = (): Promise<Response> => callSync(dash.url, { cookie: admin, clientId: 'c-bella' });

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('faults, one kind at a time', () => {
  it('rate-limit with a seconds Retry-After and a Toast reset: 429 with both headers', async () => {
    dash.script({ kind: 'rate-limit', retryAfter: 7, toastReset: 1_900_000_000 });
    const res = await sync();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-toast-ratelimit-reset')).toBe('1900000000');
    expect(await res.json()).toEqual({ error: 'Toast rate limit' });
    expect(dash.syncs()[0]).toMatchObject({ status: 429, fault: 'rate-limit', ordersSynced: 0 });
  });

  it('rate-limit passes Retry-After through raw: an HTTP-date, or a negative number', async () => {
    const date = new Date(Date.now() + 30_000).toUTCString();
    dash.script([
      { kind: 'rate-limit', retryAfter: date },
      { kind: 'rate-limit', retryAfter: -3 },
    ]);
    const first = await sync();
    expect(first.headers.get('retry-after')).toBe(date);
    expect(first.headers.get('x-toast-ratelimit-reset')).toBeNull();
    expect((await sync()).headers.get('retry-after')).toBe('-3');
  });

  it('rate-limit with neither: a bare 429', async () => {
    dash.script({ kind: 'rate-limit' });
    const res = await sync();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.headers.get('x-toast-ratelimit-reset')).toBeNull();
  });

  it('server-error: 500 HTML by default, JSON on request', async () => {
    dash.script([{ kind: 'server-error' }, { kind: 'server-error', body: 'json' }]);
    const html = await sync();
    expect(html.status).toBe(500);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('Internal Server Error');
    const json = await sync();
    expect(json.status).toBe(500);
    expect(await json.json()).toEqual({ error: 'Internal Server Error' });
  });

  it('server-error with a message: the JSON error says it, as given', async () => {
    dash.script({ kind: 'server-error', body: 'json', message: 'Boom <img src=x>' });
    expect(await (await sync()).json()).toEqual({ error: 'Boom <img src=x>' });
    expect(() => dash.script({ kind: 'server-error', message: 42 } as never)).toThrow(TypeError);
  });

  it('slow: waits, then answers normally', async () => {
    dash.script({ kind: 'slow', ms: 300 });
    const started = Date.now();
    const res = await sync();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    const [record] = dash.syncs();
    expect(record).toMatchObject({ status: 200, fault: 'slow' });
    expect(record?.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('slow: a client that gives up is recorded with status 0 and nothing breaks', async () => {
    dash.script({ kind: 'slow', ms: 5_000 });
    const controller = new AbortController();
    const pending = callSync(dash.url, { cookie: admin, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(pending).rejects.toThrow();
    const record = await until('the aborted record', () => dash.syncs()[0]);
    expect(record).toMatchObject({ status: 0, fault: 'slow', ordersSynced: 0, clientId: 'c-bella' });
    expect(record.durationMs).toBeLessThan(2_000);
    // The next one works, and the abandoned request pulled no orders.
    const next = await sync();
    expect(next.status).toBe(200);
    const { ordersSynced } = (await next.json()) as { ordersSynced: number };
    const orders = await fetch(`${dash.url}/api/orders?clientId=c-bella`, { headers: { Cookie: admin } });
    expect(((await orders.json()) as { orders: unknown[] }).orders).toHaveLength(ordersSynced);
    expect(dash.syncs().map((s) => s.status)).toEqual([0, 200]);
  });

  it('login-page: 200 text/html with the sign-in form, like an app whose session expired', async () => {
    dash.script({ kind: 'login-page' });
    const res = await sync();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('action="/api/login"');
  });

  it('malformed-json: 200 application/json that does not parse', async () => {
    dash.script({ kind: 'malformed-json' });
    const res = await sync();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text).toBe('{"ordersSynced": ');
    expect(text).toBe(MALFORMED_JSON_BODY);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('expire-session: the session ends, this request and the next get 401', async () => {
    dash.script({ kind: 'expire-session' });
    const res = await sync();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
    expect((await sync()).status).toBe(401);
    expect((await fetch(`${dash.url}/api/me`, { headers: { Cookie: admin } })).status).toBe(401);
    expect(dash.syncs().map((s) => [s.cookie, s.fault])).toEqual([
      [true, 'expire-session'],
      [false, null],
    ]);
  });

  it('redirect: 302 to /login', async () => {
    dash.script({ kind: 'redirect' });
    const res = await sync();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('poll-interval: the normal answer plus X-Poll-Interval', async () => {
    dash.script({ kind: 'poll-interval', seconds: 120 });
    const res = await sync();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-poll-interval')).toBe('120');
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    // On any answer, not just success.
    dash.script({ kind: 'poll-interval', seconds: 90 });
    const staff = await callSync(dash.url, { cookie: await signIn(dash.url, SEED_USERS.staff) });
    expect(staff.status).toBe(403);
    expect(staff.headers.get('x-poll-interval')).toBe('90');
  });
});

describe('the fault queue', () => {
  it('applies each fault to the next `count` requests, in order, then answers normally', async () => {
    dash.script([
      { kind: 'server-error', count: 2 },
      { kind: 'redirect' },
    ]);
    dash.script({ kind: 'rate-limit', retryAfter: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await sync()).status);
    expect(statuses).toEqual([500, 500, 302, 429, 200]);
    expect(dash.syncs().map((s) => s.fault)).toEqual(['server-error', 'server-error', 'redirect', 'rate-limit', null]);
  });

  it('faults come before the session check (they stand in for whatever is in front of the route)', async () => {
    dash.script({ kind: 'rate-limit', retryAfter: 2 });
    expect((await callSync(dash.url, {})).status).toBe(429);
    expect((await callSync(dash.url, {})).status).toBe(401);
  });

  it('clearFaults(), reset() and DELETE /__control/faults empty the queue', async () => {
    dash.script({ kind: 'server-error', count: 10 });
    dash.clearFaults();
    expect((await sync()).status).toBe(200);

    dash.script({ kind: 'server-error', count: 10 });
    dash.reset();
    expect((await sync()).status).toBe(200);

    expect((await controlFaults(dash.url, { kind: 'server-error', count: 10 })).status).toBe(204);
    expect((await fetch(`${dash.url}/__control/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await sync()).status).toBe(200);
  });

  it('POST /__control/faults takes one fault or a list', async () => {
    expect((await controlFaults(dash.url, { kind: 'redirect' })).status).toBe(204);
    expect((await controlFaults(dash.url, [{ kind: 'login-page' }, { kind: 'server-error', body: 'json' }])).status).toBe(204);
    expect([(await sync()).status, (await sync()).status, (await sync()).status]).toEqual([302, 200, 500]);
  });

  const invalid: [string, unknown][] = [
    ['an unknown kind', { kind: 'explode' }],
    ['no kind', { count: 1 }],
    ['not an object', 'rate-limit'],
    ['null', null],
    ['slow without ms', { kind: 'slow' }],
    ['slow with negative ms', { kind: 'slow', ms: -1 }],
    ['slow with ms as a string', { kind: 'slow', ms: '100' }],
    ['poll-interval without seconds', { kind: 'poll-interval' }],
    ['count 0', { kind: 'redirect', count: 0 }],
    ['a fractional count', { kind: 'redirect', count: 1.5 }],
    ['an unknown field', { kind: 'redirect', ms: 5 }],
    ['a field of another kind', { kind: 'rate-limit', body: 'json' }],
    ['a bad server-error body', { kind: 'server-error', body: 'xml' }],
    ['a Retry-After with a line break', { kind: 'rate-limit', retryAfter: '5\r\nX-Evil: 1' }],
    ['an empty Retry-After', { kind: 'rate-limit', retryAfter: '' }],
    ['a non-finite toastReset', { kind: 'rate-limit', toastReset: '123' }],
    ['a list with one bad fault', [{ kind: 'redirect' }, { kind: 'nope' }]],
  ];

  it.each(invalid)('refuses %s with 400 {error} and queues nothing', async (_name, fault) => {
    const res = await controlFaults(dash.url, fault);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toEqual(expect.any(String));
    expect(() => dash.script(fault as Fault)).toThrow(TypeError);
    expect((await sync()).status).toBe(200);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${dash.url}/__control/faults`, { method: 'POST', body: '{"kind":' });
    expect(res.status).toBe(400);
  });
});

describe('the remote control', () => {
  it('POST /__control/expire-sessions signs everyone out', async () => {
    expect((await fetch(`${dash.url}/__control/expire-sessions`, { method: 'POST' })).status).toBe(204);
    expect((await sync()).status).toBe(401);
  });

  it('close() ends open connections, even a slow answer in flight', async () => {
    dash.script({ kind: 'slow', ms: 60_000 });
    const pending = sync();
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await dash.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(pending).rejects.toThrow();
    await dash.close(); // twice is fine (afterEach does it again)
  });
});
