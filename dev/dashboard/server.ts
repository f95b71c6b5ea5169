/**
 * The dashboard simulator: a stand-in for the restaurant CRM's Next.js dashboard, for the
 * end-to-end tests and the demo. Listens on 127.0.0.1 only. The routing lives here; each
 * route's behaviour lives in its own module.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as api from './api.ts';
import { APP_SCRIPT } from './app-script.ts';
import { handleControl } from './control.ts';
import { createStore } from './data.ts';
import { createFaultQueue, parseFaults } from './faults.ts';
import { redirect, send, sendEmpty, sendHtml, sendJson } from './http.ts';
import { appShell, loginPage, notFoundPage } from './pages.ts';
import type { Runtime } from './runtime.ts';
import { createSessions } from './sessions.ts';
import { createSyncLog } from './sync-log.ts';
import { handleSync } from './sync-route.ts';
import { createToastUpstream } from './toast-upstream.ts';
import type { Dashboard, DashboardOptions, Fault } from './types.ts';

export type { Dashboard, DashboardOptions, Fault, FaultKind, SyncRecord } from './types.ts';
export { SEED_CLIENTS, SEED_USERS, TOAST_LOCATIONS } from './data.ts';
export { MALFORMED_JSON_BODY } from './sync-route.ts';

const APP_PAGES = new Set(['/visits', '/orders', '/settings/toast']);
const LOOPBACK = '127.0.0.1';

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const port = options.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`Invalid port: ${port}`);
  // The simulator has no real security; it must never be reachable from another machine.
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK && host !== 'localhost') throw new Error(`The dashboard simulator only listens on ${LOOPBACK}, not ${host}`);
  const quiet = options.quiet ?? true;

  const closing = new AbortController();
  const rt: Runtime = {
    port,
    announce: options.announceContext ?? true,
    store: createStore(),
    sessions: createSessions(),
    upstream: createToastUpstream({ now: () => Date.now() }),
    faults: createFaultQueue(),
    log: createSyncLog(),
    closing: closing.signal,
  };

  const controls = {
    syncs: () => rt.log.list(),
    script(fault: Fault | Fault[]) {
      const parsed = parseFaults(fault);
      if (!parsed.ok) throw new TypeError(parsed.error);
      rt.faults.add(parsed.faults);
    },
    clearFaults: () => rt.faults.clear(),
    reset() {
      rt.log.clear();
      rt.faults.clear();
    },
    setAnnounce(on: boolean) {
      rt.announce = on;
    },
    expireSessions: () => rt.sessions.destroyAll(),
  };

  const page: Route = (req, res) => {
    if (rt.sessions.fromRequest(req) === null) redirect(res, 302, '/login');
    else sendHtml(res, 200, appShell({ announce: rt.announce }));
  };

  const routes: Record<string, Partial<Record<string, Route>>> = {
    '/': { GET: (_req, res) => redirect(res, 302, '/visits') },
    '/login': { GET: (_req, res) => sendHtml(res, 200, loginPage()) },
    '/app.js': { GET: (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', APP_SCRIPT) },
    '/favicon.ico': { GET: (_req, res) => sendEmpty(res, 204) },
    '/api/login': { POST: (req, res) => api.login(req, res, rt) },
    '/api/logout': { POST: (req, res) => api.logout(req, res, rt) },
    '/api/me': { GET: (req, res) => api.me(req, res, rt) },
    '/api/toast/setup': { GET: (req, res, url) => api.toastSetup(req, res, rt, url) },
    '/api/orders': { GET: (req, res, url) => api.orders(req, res, rt, url) },
    '/api/visits': { GET: (req, res, url) => api.visits(req, res, rt, url) },
    '/api/toast/sync': { POST: (req, res) => handleSync(req, res, rt) },
  };
  for (const path of APP_PAGES) routes[path] = { GET: page };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (path.startsWith('/__control/')) return handleControl(req, res, path, controls);

    const methods = routes[path];
    if (methods === undefined) {
      if (path.startsWith('/api/')) sendJson(res, 404, { error: 'Not found' });
      else sendHtml(res, 404, notFoundPage());
      return;
    }
    // HEAD is GET without a body; node:http leaves the body out by itself.
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const route = methods[method];
    if (route === undefined) {
      const allow = Object.keys(methods).join(', ');
      if (path.startsWith('/api/')) sendJson(res, 405, { error: 'Method not allowed' }, { Allow: allow });
      else send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: allow });
      return;
    }
    return route(req, res, url);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    if (!quiet) {
      res.on('close', () => {
        const status = res.writableFinished ? String(res.statusCode) : 'aborted';
        console.log(`${req.method ?? '?'} ${req.url ?? '?'} → ${status} (${Math.round(performance.now() - started)} ms)`);
      });
    }
    handle(req, res).catch((error: unknown) => {
      // One request's bug must not take the simulator (and a whole test run) down.
      console.error('dashboard simulator: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' });
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  rt.port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | null = null;
  return {
    url: `http://localhost:${rt.port}`,
    port: rt.port,
    ...controls,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
