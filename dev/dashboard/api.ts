/** The dashboard's own JSON API (everything except the sync route): sessions and page data. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { findClient, findUser, SEED_CLIENTS, userByEmail, type PublicUser } from './data.ts';
import { parseJson, readBody, redirect, sendHtml, sendJson } from './http.ts';
import { loginPage } from './pages.ts';
import type { Runtime } from './runtime.ts';
import { clearedSessionCookie, sessionCookie } from './sessions.ts';

/** Most recent orders the orders page shows. */
export const ORDERS_PAGE_LIMIT = 20;

export function currentUser(req: IncomingMessage, rt: Runtime): PublicUser | null {
  const session = rt.sessions.fromRequest(req);
  return session === null ? null : userByEmail(session.email);
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
}

/** Form posts (the login page) get pages and redirects; JSON callers get JSON. */
export async function login(req: IncomingMessage, res: ServerResponse, rt: Runtime): Promise<void> {
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too-large') sendJson(res, 413, { error: 'Request body too large' });
    return;
  }
  const json = isJson(req);
  let email: string;
  let password: string;
  if (json) {
    const parsed = parseJson(body.text);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
      sendJson(res, 400, { error: 'Body must be JSON {email, password}' });
      return;
    }
    const fields = parsed.value as Record<string, unknown>;
    email = typeof fields.email === 'string' ? fields.email : '';
    password = typeof fields.password === 'string' ? fields.password : '';
  } else {
    const form = new URLSearchParams(body.text);
    email = form.get('email') ?? '';
    password = form.get('password') ?? '';
  }

  const user = findUser(email, password);
  if (user === null) {
    if (json) sendJson(res, 401, { error: 'Invalid email or password' });
    else sendHtml(res, 401, loginPage({ error: 'Invalid email or password.', email }));
    return;
  }
  const session = rt.sessions.create(user.email);
  const headers = { 'Set-Cookie': sessionCookie(session.token) };
  if (json) sendJson(res, 200, { user }, headers);
  else redirect(res, 303, '/visits', headers);
}

export function logout(req: IncomingMessage, res: ServerResponse, rt: Runtime): void {
  const session = rt.sessions.fromRequest(req);
  if (session !== null) rt.sessions.destroy(session.token);
  redirect(res, 303, '/login', { 'Set-Cookie': clearedSessionCookie() });
}

export function me(req: IncomingMessage, res: ServerResponse, rt: Runtime): void {
  const user = currentUser(req, rt);
  if (user === null) {
    sendJson(res, 401, { error: 'Unauthorized' });
    return;
  }
  sendJson(res, 200, { user, clients: SEED_CLIENTS.map((c) => ({ ...c })) });
}

/** The GET data routes share: a session and a known ?clientId=. */
function clientQuery(req: IncomingMessage, res: ServerResponse, rt: Runtime, url: URL): string | null {
  if (currentUser(req, rt) === null) {
    sendJson(res, 401, { error: 'Unauthorized' });
    return null;
  }
  const clientId = url.searchParams.get('clientId');
  if (clientId === null || clientId === '') {
    sendJson(res, 400, { error: 'clientId is required' });
    return null;
  }
  if (findClient(clientId) === null) {
    sendJson(res, 404, { error: 'Client not found' });
    return null;
  }
  return clientId;
}

export function toastSetup(req: IncomingMessage, res: ServerResponse, rt: Runtime, url: URL): void {
  const clientId = clientQuery(req, res, rt, url);
  if (clientId === null) return;
  sendJson(res, 200, rt.store.integration(clientId));
}

export function orders(req: IncomingMessage, res: ServerResponse, rt: Runtime, url: URL): void {
  const clientId = clientQuery(req, res, rt, url);
  if (clientId === null) return;
  sendJson(res, 200, { clientId, orders: rt.store.recentOrders(clientId, ORDERS_PAGE_LIMIT) });
}

export function visits(req: IncomingMessage, res: ServerResponse, rt: Runtime, url: URL): void {
  const clientId = clientQuery(req, res, rt, url);
  if (clientId === null) return;
  sendJson(res, 200, { clientId, visits: rt.store.visits(clientId) });
}
