/**
 * Server-side sessions behind an opaque `session` cookie, as the real dashboard keeps them:
 * the cookie is only a random key, so ending a session server-side signs the browser out
 * even though it still sends the cookie.
 */

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'session';

export interface Session {
  token: string;
  email: string;
  createdAtMs: number;
}

export interface Sessions {
  create(email: string): Session;
  /** The session the request's cookie points at, if it is still valid. */
  fromRequest(req: IncomingMessage): Session | null;
  destroy(token: string): void;
  destroyAll(): void;
}

export function createSessions(): Sessions {
  const byToken = new Map<string, Session>();
  return {
    create(email) {
      const session = { token: randomBytes(24).toString('base64url'), email, createdAtMs: Date.now() };
      byToken.set(session.token, session);
      return session;
    },
    fromRequest(req) {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      return token === null ? null : (byToken.get(token) ?? null);
    },
    destroy(token) {
      byToken.delete(token);
    },
    destroyAll() {
      byToken.clear();
    },
  };
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/**
 * HttpOnly so page scripts cannot read it; SameSite=Lax like most dashboards' defaults.
 * Persistent (30 days, NextAuth's default) so closing every window or restarting the browser
 * keeps the admin signed in, as on the real dashboard.
 */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
}
