/**
 * POST /api/toast/sync, the route the extension calls. The order of checks is the real
 * route's: record, scripted fault, session (401), origin (403), role (403), body (400),
 * client (404), integration (404), then the Toast upstream (200 or 429).
 */

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { findClient, TOAST_LOCATIONS, userByEmail } from './data.ts';
import { parseJson, readBody, redirect, send, sendHtml, sendJson, sleep } from './http.ts';
import { loginPage, serverErrorPage } from './pages.ts';
import { originAllowed, type Runtime } from './runtime.ts';

/** What the `malformed-json` fault answers: JSON cut off mid-value. */
export const MALFORMED_JSON_BODY = '{"ordersSynced": ';

function clientIdOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { clientId } = value as Record<string, unknown>;
  return typeof clientId === 'string' && clientId !== '' ? clientId : null;
}

export async function handleSync(req: IncomingMessage, res: ServerResponse, rt: Runtime): Promise<void> {
  const atMs = Date.now();
  const startedAt = performance.now();
  const arrivedWith = rt.sessions.fromRequest(req);

  // The client may give up (the extension aborts at its timeout): note it, answer nothing.
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });

  const body = await readBody(req);
  const parsed = body.ok ? parseJson(body.text) : ({ ok: false } as const);
  const pending = rt.log.start(
    {
      atMs,
      clientId: parsed.ok ? clientIdOf(parsed.value) : null,
      origin: req.headers.origin ?? null,
      cookie: arrivedWith !== null,
    },
    startedAt,
  );
  let ordersSynced = 0;
  res.on('finish', () => pending.finish(res.statusCode, ordersSynced));
  res.on('close', () => pending.finish(0)); // after 'finish' this is a no-op
  if (gone.signal.aborted || res.destroyed) pending.finish(0);

  if (!body.ok) {
    if (body.reason === 'too-large') sendJson(res, 413, { error: 'Request body too large' });
    return;
  }

  const extraHeaders: OutgoingHttpHeaders = {};
  const json = (status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void =>
    sendJson(res, status, value, { ...extraHeaders, ...headers });

  const fault = rt.faults.take();
  pending.setFault(fault?.kind ?? null);
  switch (fault?.kind) {
    case undefined:
      break;
    case 'rate-limit': {
      const headers: OutgoingHttpHeaders = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      if (fault.toastReset !== undefined) headers['X-Toast-RateLimit-Reset'] = String(fault.toastReset);
      json(429, { error: 'Toast rate limit' }, headers);
      return;
    }
    case 'server-error':
      if (fault.body === 'json') json(500, { error: fault.message ?? 'Internal Server Error' });
      else sendHtml(res, 500, serverErrorPage());
      return;
    case 'slow': {
      const waited = await sleep(fault.ms, AbortSignal.any([gone.signal, rt.closing]));
      if (!waited) return;
      break;
    }
    case 'login-page':
      sendHtml(res, 200, loginPage());
      return;
    case 'malformed-json':
      send(res, 200, 'application/json; charset=utf-8', MALFORMED_JSON_BODY);
      return;
    case 'expire-session': {
      const session = rt.sessions.fromRequest(req);
      if (session !== null) rt.sessions.destroy(session.token);
      break;
    }
    case 'redirect':
      redirect(res, 302, '/login');
      return;
    case 'poll-interval':
      extraHeaders['X-Poll-Interval'] = String(fault.seconds);
      break;
  }

  // Looked up again: a fault or a control call may have ended the session meanwhile.
  const session = rt.sessions.fromRequest(req);
  const user = session === null ? null : userByEmail(session.email);
  if (user === null) return json(401, { error: 'Unauthorized' });
  if (!originAllowed(req.headers.origin, rt.port)) return json(403, { error: 'Origin not allowed' });
  if (user.role !== 'admin') return json(403, { error: 'Admins only' });
  if (!parsed.ok) return json(400, { error: 'Body must be JSON' });
  const clientId = clientIdOf(parsed.value);
  if (clientId === null) return json(400, { error: 'clientId is required' });
  const client = findClient(clientId);
  if (client === null) return json(404, { error: 'Client not found' });
  const locationId = TOAST_LOCATIONS[client.id];
  if (!client.toast || locationId === undefined) return json(404, { error: 'No Toast integration for this client' });

  const pulled = rt.upstream.pullOrders(locationId);
  const nowIso = new Date().toISOString();
  if (!pulled.ok) {
    rt.store.recordSync(clientId, 'rate_limited', nowIso);
    return json(
      429,
      { error: 'Toast rate limit' },
      { 'Retry-After': String(pulled.retryAfterSeconds), 'X-Toast-RateLimit-Reset': String(pulled.resetEpochSeconds) },
    );
  }
  rt.store.addOrders(clientId, pulled.orders);
  rt.store.recordSync(clientId, 'success', nowIso);
  ordersSynced = pulled.orders.length;
  return json(200, { ok: true, ordersSynced: pulled.orders.length, syncedAt: nowIso });
}
