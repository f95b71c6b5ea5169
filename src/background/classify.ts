/**
 * What a sync answer means (docs/dashboard-contract.md, "Answers"). Pure: the answer and the
 * clock come in; no state is touched here.
 */

import { parsePollInterval, serverRateLimitWait } from '../shared/backoff.ts';
import { parseHttpDate } from '../shared/http-date.ts';

/** The part of a `Response` this module reads; a real `Response` fits. */
export interface HttpAnswer {
  status: number;
  statusText?: string;
  type: string;
  redirected: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type Outcome =
  /**
   * `ageMs`: how old the sync the dashboard reports is (0 for one made just now). A dashboard
   * may serve a recent sync of the client from its cache, with the `syncedAt` of that sync.
   */
  | { kind: 'success'; httpStatus: number; ordersSynced: number | null; syncedAt: string | null; ageMs: number }
  | { kind: 'signed-out'; httpStatus: number | null; message: string }
  | { kind: 'forbidden'; httpStatus: 403; message: string }
  /** `serverDelayMs`: the wait the server named, or `null` for "use our own backoff". */
  | { kind: 'rate-limited'; httpStatus: 429; serverDelayMs: number | null; message: string }
  | { kind: 'error'; httpStatus: number | null; message: string };

export interface Classified {
  outcome: Outcome;
  pollIntervalSeconds: number | null;
}

const SIGNED_OUT = 'Signed out of the dashboard. Sign in to resume syncing.';

/** Server text is shown as text only; still keep it short and on one line. */
export function cleanServerText(text: string, max = 200): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function isJsonType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || mime.endsWith('+json');
}

function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return cleanServerText(value).replace(/[.!]+$/, '');
  }
  return null;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The age of the sync is measured on the server's own clock when it sends `Date` (a browser's
 * clock may be minutes off the server's); otherwise on ours. A `syncedAt` ahead of the clock is
 * a sync made just now.
 */
function successFields(body: unknown, serverNow: number): { ordersSynced: number | null; syncedAt: string | null; ageMs: number } {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const orders = record.ordersSynced;
  const at = typeof record.syncedAt === 'string' ? Date.parse(record.syncedAt) : NaN;
  const valid = Number.isFinite(at) && Math.abs(at) <= 8.64e15;
  return {
    ordersSynced: typeof orders === 'number' && Number.isInteger(orders) && orders >= 0 ? orders : null,
    syncedAt: valid ? new Date(at).toISOString() : null,
    ageMs: valid ? Math.max(0, serverNow - at) : 0,
  };
}

function statusWords(answer: HttpAnswer): string {
  const text = answer.statusText === undefined ? '' : cleanServerText(answer.statusText, 60);
  return text === '' ? `HTTP ${answer.status}` : `HTTP ${answer.status} ${text}`;
}

export async function classifyAnswer(answer: HttpAnswer, now: number): Promise<Classified> {
  const pollIntervalSeconds = parsePollInterval(answer.headers.get('X-Poll-Interval'));
  const done = (outcome: Outcome): Classified => ({ outcome, pollIntervalSeconds });

  // With `redirect: 'manual'` a redirect arrives opaque (status 0): the session sent us to a login page.
  if (answer.type === 'opaqueredirect' || answer.redirected || (answer.status >= 300 && answer.status < 400)) {
    return done({ kind: 'signed-out', httpStatus: answer.status === 0 ? null : answer.status, message: SIGNED_OUT });
  }
  if (answer.status === 401) return done({ kind: 'signed-out', httpStatus: 401, message: SIGNED_OUT });

  const contentType = answer.headers.get('Content-Type');
  const text = await answer.text();
  const json = isJsonType(contentType) || contentType === null ? tryJson(text) : { ok: false as const };
  const body = json.ok ? json.value : undefined;

  if (answer.status === 403) {
    return done({
      kind: 'forbidden',
      httpStatus: 403,
      message: `The dashboard refused the sync (403): ${serverMessage(body) ?? 'only admins can sync'}. Sync is off until you switch account or client.`,
    });
  }
  if (answer.status === 429) {
    return done({
      kind: 'rate-limited',
      httpStatus: 429,
      serverDelayMs: serverRateLimitWait(answer.headers, now)?.delayMs ?? null,
      message: `Rate limited by Toast (429)${serverMessage(body) === null ? '' : `: ${serverMessage(body)}`}`,
    });
  }
  if (answer.status >= 200 && answer.status < 300) {
    const dateHeader = answer.headers.get('Date');
    const serverNow = (dateHeader === null ? null : parseHttpDate(dateHeader, now)) ?? now;
    if (json.ok) return done({ kind: 'success', httpStatus: answer.status, ...successFields(body, serverNow) });
    if (isJsonType(contentType)) {
      return done({
        kind: 'error',
        httpStatus: answer.status,
        message: `The dashboard sent a malformed answer (${statusWords(answer)}, invalid JSON).`,
      });
    }
    // A login page served with 200 is what an expired session looks like on many dashboards.
    return done({ kind: 'signed-out', httpStatus: answer.status, message: SIGNED_OUT });
  }
  if (answer.status === 404) {
    return done({
      kind: 'error',
      httpStatus: 404,
      message: `Sync failed (404): ${serverMessage(body) ?? 'this client has no Toast integration, or the dashboard has no sync endpoint'}.`,
    });
  }
  const reason = serverMessage(body);
  return done({
    kind: 'error',
    httpStatus: answer.status,
    message:
      answer.status >= 500
        ? `The dashboard had a problem (${statusWords(answer)})${reason === null ? '' : `: ${reason}`}. Retrying.`
        : `Sync failed (${statusWords(answer)})${reason === null ? '' : `: ${reason}`}.`,
  });
}
