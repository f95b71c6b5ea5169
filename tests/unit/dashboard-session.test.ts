import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CLIENTS, SEED_USERS, startDashboard, type Dashboard } from '../../dev/dashboard/server.ts';
import { signIn } from '../../dev/dashboard/http-client.ts';

let dash: Dashboard;

beforeAll(async () => {
  dash = await startDashboard({ port: 0 });
});
afterAll(async () => {
  await dash.close();
});

function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${dash.url}${path}`, { redirect: 'manual', headers: cookie === undefined ? {} : { Cookie: cookie } });
}

function postForm(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${dash.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the simulator itself', () => {
  it('listens on 127.0.0.1 and names itself localhost', () => {
    expect(dash.url).toBe(`http://localhost:${dash.port}`);
    expect(dash.port).toBeGreaterThan(0);
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startDashboard({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/only listens on 127\.0\.0\.1/);
  });
});

describe('signing in and out', () => {
  it('a form sign-in sets an HttpOnly, SameSite=Lax session cookie and redirects 303 to /visits', async () => {
    const res = await postForm('/api/login', { email: SEED_USERS.admin.email, password: SEED_USERS.admin.password });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/visits');
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^session=[A-Za-z0-9_-]{20,}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=2592000$/);
  });

  it('each sign-in gets a fresh random session', async () => {
    const a = await signIn(dash.url, SEED_USERS.admin);
    const b = await signIn(dash.url, SEED_USERS.admin);
    expect(a).not.toBe(b);
  });

  it('a JSON sign-in answers 200 {user} without the password', async () => {
    const res = await fetch(`${dash.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: SEED_USERS.staff.email, password: SEED_USERS.staff.password }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { email: 'staff@demo.test', name: 'Sam Staff', role: 'staff' } });
    expect(res.headers.getSetCookie()[0]).toMatch(/^session=.+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=2592000$/);
  });

  it('wrong credentials: the form gets the login page with an error, JSON gets 401', async () => {
    const form = await postForm('/api/login', { email: SEED_USERS.admin.email, password: 'wrong' });
    expect(form.status).toBe(401);
    expect(form.headers.getSetCookie()).toEqual([]);
    const html = await form.text();
    expect(html).toContain('id="login-error"');
    expect(html).toContain('action="/api/login"');
    expect(html).toContain('value="admin@demo.test"');

    const json = await fetch(`${dash.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@demo.test', password: 'admin123' }),
    });
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ error: 'Invalid email or password' });
  });

  it('a JSON sign-in with a broken body is a 400', async () => {
    const res = await fetch(`${dash.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email":',
    });
    expect(res.status).toBe(400);
  });

  it('/api/me knows the user and lists the clients; without a session it is 401', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.admin);
    const res = await get('/api/me', cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { email: 'admin@demo.test', name: 'Avery Admin', role: 'admin' },
      clients: SEED_CLIENTS.map((c) => ({ ...c })),
    });
    const anonymous = await get('/api/me');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'Unauthorized' });
  });

  it('sign-out ends the session server-side, clears the cookie and redirects 303 to /login', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.admin);
    const res = await fetch(`${dash.url}/api/logout`, { method: 'POST', headers: { Cookie: cookie }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.getSetCookie()[0]).toMatch(/^session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0$/);
    // The browser may still send the old cookie: it must no longer work.
    expect((await get('/api/me', cookie)).status).toBe(401);
  });

  it('expireSessions() signs everyone out', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.admin);
    expect((await get('/api/me', cookie)).status).toBe(200);
    dash.expireSessions();
    expect((await get('/api/me', cookie)).status).toBe(401);
  });
});

describe('pages', () => {
  it('app pages send signed-out visitors to /login', async () => {
    for (const path of ['/visits', '/orders', '/settings/toast']) {
      const res = await get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe('/login');
    }
  });

  it('/ redirects to /visits', async () => {
    const res = await get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/visits');
  });

  it('the login page is a real form', async () => {
    const res = await get('/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/api\/login">/);
    expect(html).toMatch(/<input[^>]*name="email"[^>]*type="email"/);
    expect(html).toMatch(/<input[^>]*type="password"/);
    expect(html).toContain('<button type="submit"');
  });

  it('signed in, every app page is the same shell with the sidebar, the content and /app.js', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.admin);
    const bodies = await Promise.all(
      ['/visits', '/orders', '/settings/toast'].map(async (path) => {
        const res = await get(path, cookie);
        expect(res.status, path).toBe(200);
        return res.text();
      }),
    );
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('<aside id="sidebar">');
    expect(bodies[0]).toContain('<main id="content">');
    expect(bodies[0]).toContain('<script src="/app.js"></script>');
    expect(bodies[0]).toContain('data-announce="true"');
  });

  it('the announce switch reaches pages served after it changes', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.admin);
    dash.setAnnounce(false);
    try {
      expect(await (await get('/visits', cookie)).text()).toContain('data-announce="false"');
      const res = await fetch(`${dash.url}/__control/announce`, { method: 'POST', body: JSON.stringify({ on: true }) });
      expect(res.status).toBe(204);
      expect(await (await get('/visits', cookie)).text()).toContain('data-announce="true"');
    } finally {
      dash.setAnnounce(true);
    }
  });

  it('/__control/announce takes exactly {"on": boolean}', async () => {
    for (const body of ['{"on":"yes"}', '{}', '{"on":true,"x":1}', 'true', 'nope']) {
      const res = await fetch(`${dash.url}/__control/announce`, { method: 'POST', body });
      expect(res.status, body).toBe(400);
      expect(await res.json(), body).toHaveProperty('error');
    }
  });

  it('serves the app script, which parses and carries the documented announcement', async () => {
    const res = await get('/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await res.text();
    // Compiles (does not run) the script: a syntax error in the string would break every page.
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain("type: 'toast-sync:context'");
    expect(script).toContain("'currentClientId'");
    expect(script).toContain("'toast-sync:synced'");
    expect(script).not.toMatch(/innerHTML/);
  });

  it('unknown paths are 404 (HTML for pages, JSON under /api)', async () => {
    const page = await get('/nope');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const api = await get('/api/nope');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'Not found' });
  });

  it('the wrong method is 405 with Allow', async () => {
    const res = await get('/api/toast/sync');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('page data', () => {
  it('/api/toast/setup needs a session and a known client', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.staff);
    expect((await get('/api/toast/setup?clientId=c-bella')).status).toBe(401);
    expect((await get('/api/toast/setup', cookie)).status).toBe(400);
    expect((await get('/api/toast/setup?clientId=c-nope', cookie)).status).toBe(404);
    const noodle = await get('/api/toast/setup?clientId=c-noodle', cookie);
    expect(await noodle.json()).toEqual({ clientId: 'c-noodle', connected: false, last_sync_at: null, last_sync_status: null });
  });

  it('/api/visits gives a stable list per client', async () => {
    const cookie = await signIn(dash.url, SEED_USERS.staff);
    const a = (await (await get('/api/visits?clientId=c-harbor', cookie)).json()) as { visits: unknown[] };
    const b = (await (await get('/api/visits?clientId=c-harbor', cookie)).json()) as { visits: unknown[] };
    expect(a.visits.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
