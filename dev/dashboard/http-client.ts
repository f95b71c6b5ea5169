/**
 * A few lines of real HTTP against a running simulator (sign in, call the sync route, use the
 * control endpoints), shared by the unit tests and any script that drives it from outside.
 */

import type { SyncRecord } from './types.ts';

export interface Credentials {
  email: string;
  password: string;
}

/** Signs in with the login form, as a browser would; returns the Cookie header to send. */
export async function signIn(baseUrl: string, user: Credentials): Promise<string> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: user.email, password: user.password }).toString(),
    redirect: 'manual',
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (res.status !== 303 || setCookie === undefined) throw new Error(`Sign-in failed: HTTP ${res.status}`);
  return setCookie.split(';')[0] ?? '';
}

export interface SyncCall {
  /** A Cookie header value; omitted = not signed in. */
  cookie?: string;
  /** The Origin header; omitted = the dashboard's own origin, null = none sent. */
  origin?: string | null;
  /** A raw body; default {"clientId": clientId}. */
  body?: string;
  clientId?: string;
  signal?: AbortSignal;
}

export function callSync(baseUrl: string, call: SyncCall = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const origin = call.origin === undefined ? new URL(baseUrl).origin : call.origin;
  if (origin !== null) headers.Origin = origin;
  if (call.cookie !== undefined) headers.Cookie = call.cookie;
  return fetch(`${baseUrl}/api/toast/sync`, {
    method: 'POST',
    headers,
    body: call.body ?? JSON.stringify({ clientId: call.clientId ?? 'c-bella' }),
    redirect: 'manual',
    ...(call.signal === undefined ? {} : { signal: call.signal }),
  });
}

export async function controlSyncs(baseUrl: string): Promise<SyncRecord[]> {
  const res = await fetch(`${baseUrl}/__control/syncs`);
  return (await res.json()) as SyncRecord[];
}

/** Takes `unknown` on purpose: tests send invalid faults too. */
export function controlFaults(baseUrl: string, faults: unknown): Promise<Response> {
  return fetch(`${baseUrl}/__control/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
}
