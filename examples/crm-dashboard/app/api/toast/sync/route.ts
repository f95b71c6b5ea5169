/**
 * POST /api/toast/sync {"clientId": "..."}: pulls new orders from Toast for one client.
 * Called by the Toast settings page's Sync Now and by the Toast Sync Companion extension (with
 * the admin's session cookie and `Origin: chrome-extension://<id>`).
 *
 * Checks, in order: session (401), origin (403), role (403), body (400), client (404),
 * integration (404), then Toast itself (200, or 429 passed through with its headers). A pull of
 * the client made less than a freshness window ago (CRM_SYNC_FRESH_SECONDS, default 60) answers
 * instead: 200 with that pull's `syncedAt` and `"cached": true` (lib/sync-cache.ts).
 *
 * proxy.ts lets this path through without a session so that the route itself answers 401:
 * with test controls on, every call lands in the sync log, signed in or not.
 */

import type { NextRequest } from 'next/server';
import { findClient, TOAST_LOCATIONS, userByEmail } from '@/lib/data';
import { html, json, LOGIN_PAGE_HTML, originAllowed, SERVER_ERROR_HTML, sleep } from '@/lib/http';
import { sessionFromCookie, SESSION_COOKIE } from '@/lib/session';
import { serverState } from '@/lib/state';
import { syncClient } from '@/lib/sync-client';

export const dynamic = 'force-dynamic';

/** Nothing this route accepts is anywhere near this size. */
const MAX_BODY_CHARS = 64 * 1024;

/** What the test fault `malformed-json` answers: JSON cut off mid-value. */
const MALFORMED_JSON_BODY = '{"ordersSynced": ';

function clientIdOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { clientId } = value as Record<string, unknown>;
  return typeof clientId === 'string' && clientId !== '' ? clientId : null;
}

function parse(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export async function POST(request: NextRequest): Promise<Response> {
  const atMs = Date.now();
  const startedAt = performance.now();
  const state = serverState();
  const cookie = () => request.cookies.get(SESSION_COOKIE)?.value;
  const arrivedWithSession = sessionFromCookie(cookie()) !== null;

  let text: string | null;
  try {
    text = await request.text();
  } catch {
    text = null; // the client went away mid-body
  }
  const tooLarge = text !== null && text.length > MAX_BODY_CHARS;
  const parsed = tooLarge ? ({ ok: false } as const) : parse(text);

  const pending = state.syncLog.start(
    { atMs, clientId: parsed.ok ? clientIdOf(parsed.value) : null, origin: request.headers.get('origin'), cookie: arrivedWithSession },
    startedAt,
  );
  let ordersSynced = 0;
  const answer = (response: Response): Response => {
    pending.finish(response.status, ordersSynced);
    return response;
  };
  if (text === null) {
    pending.finish(0);
    return new Response(null, { status: 400 });
  }
  if (tooLarge) return answer(json(413, { error: 'Request body too large' }));

  // Test controls only: the queue is always empty unless a test scripted a fault.
  const extraHeaders: Record<string, string> = {};
  const fault = state.faults.take();
  pending.setFault(fault?.kind ?? null);
  switch (fault?.kind) {
    case undefined:
      break;
    case 'rate-limit': {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      if (fault.toastReset !== undefined) headers['X-Toast-RateLimit-Reset'] = String(fault.toastReset);
      return answer(json(429, { error: 'Toast rate limit' }, headers));
    }
    case 'server-error':
      return answer(fault.body === 'json' ? json(500, { error: fault.message ?? 'Internal Server Error' }) : html(500, SERVER_ERROR_HTML));
    case 'slow':
      if (!(await sleep(fault.ms, request.signal))) {
        pending.finish(0); // the client gave up (the extension aborts at its timeout)
        return new Response(null, { status: 499 });
      }
      break;
    case 'login-page':
      return answer(html(200, LOGIN_PAGE_HTML));
    case 'malformed-json':
      return answer(new Response(MALFORMED_JSON_BODY, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } }));
    case 'expire-session': {
      const session = sessionFromCookie(cookie());
      if (session !== null) state.sessions.delete(session.id);
      break;
    }
    case 'redirect':
      return answer(new Response(null, { status: 302, headers: { Location: '/login', 'Cache-Control': 'no-store' } }));
    case 'poll-interval':
      extraHeaders['X-Poll-Interval'] = String(fault.seconds);
      break;
  }
  const reply = (status: number, value: unknown, headers: Record<string, string> = {}): Response =>
    answer(json(status, value, { ...extraHeaders, ...headers }));

  // Looked up again: a fault or a control call may have ended the session meanwhile.
  const session = sessionFromCookie(cookie());
  const user = session === null ? null : userByEmail(session.email);
  if (user === null) return reply(401, { error: 'Not signed in' });
  if (!originAllowed(request.headers.get('origin'), request.headers.get('host'))) {
    return reply(403, { error: 'Cross-origin request refused' });
  }
  if (user.role !== 'admin') return reply(403, { error: 'Admins only' });
  if (!parsed.ok) return reply(400, { error: 'Body must be JSON' });
  const clientId = clientIdOf(parsed.value);
  if (clientId === null) return reply(400, { error: 'clientId is required' });
  const client = findClient(clientId);
  if (client === null) return reply(404, { error: 'Client not found' });
  const locationId = TOAST_LOCATIONS[client.id];
  if (!client.toast || locationId === undefined) return reply(404, { error: 'No Toast integration for this client' });

  const synced = await syncClient(state, clientId, locationId);
  if (synced.kind === 'rate-limited') {
    return reply(
      429,
      { error: 'Toast rate limit' },
      { 'Retry-After': String(synced.retryAfterSeconds), 'X-Toast-RateLimit-Reset': String(synced.resetEpochSeconds) },
    );
  }
  ordersSynced = synced.ordersSynced;
  pending.setCached(synced.kind !== 'pulled');
  return reply(200, { ok: true, ordersSynced, syncedAt: synced.syncedAt, ...(synced.kind === 'pulled' ? {} : { cached: true }) });
}
