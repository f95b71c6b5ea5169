/**
 * The `session` cookie: an opaque random session id plus its HMAC-SHA256 signature
 * (`<id>.<signature>`), pointing at a server-side session. The signature stops forged ids
 * before any lookup; the server-side table is what lets a session be ended (Sign Out, an admin
 * revoking it) even while the browser still holds the cookie.
 *
 * Used by proxy.ts, the route handlers and the server actions alike, so it only takes the
 * cookie's value (each of them reads cookies its own way).
 */

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { userByEmail, type PublicUser } from './data';
import { serverState, type Session } from './state';

export const SESSION_COOKIE = 'session';
export const SESSION_MAX_AGE_SECONDS = 8 * 3600;

/**
 * HttpOnly (page scripts never see it), SameSite=Lax, and persistent (Max-Age): the browser
 * keeps it across restarts, and the Toast Sync Companion extension, holding host permission
 * for the dashboard, sends it with its own requests. Add `secure: true` when served over HTTPS.
 */
export const SESSION_COOKIE_OPTIONS = {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: SESSION_MAX_AGE_SECONDS,
} as const;

function signatureOf(id: string): Buffer {
  return createHmac('sha256', serverState().secret).update(id).digest();
}

/** Starts a session; returns the cookie value to set. */
export function createSession(email: string): string {
  const id = randomBytes(24).toString('base64url');
  const now = Date.now();
  serverState().sessions.set(id, { id, email, createdAtMs: now, expiresAtMs: now + SESSION_MAX_AGE_SECONDS * 1000 });
  return `${id}.${signatureOf(id).toString('base64url')}`;
}

/** The live session a cookie value points at, or null (absent, forged, ended or expired). */
export function sessionFromCookie(value: string | undefined): Session | null {
  if (value === undefined) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = signatureOf(id);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const { sessions } = serverState();
  const session = sessions.get(id);
  if (session === undefined) return null;
  if (session.expiresAtMs <= Date.now()) {
    sessions.delete(id);
    return null;
  }
  return session;
}

export function userFromCookie(value: string | undefined): PublicUser | null {
  const session = sessionFromCookie(value);
  return session === null ? null : userByEmail(session.email);
}

export function endSession(value: string | undefined): void {
  const session = sessionFromCookie(value);
  if (session !== null) serverState().sessions.delete(session.id);
}

export function endAllSessions(): void {
  serverState().sessions.clear();
}
