/** Backoff and rate-limit maths. Pure: time and randomness come in as arguments. */

import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, JITTER_MAX_MS, MAX_POLL_INTERVAL_SECONDS, RETRY_AFTER_CAP_MS } from './constants.ts';
import { parseHttpDate } from './http-date.ts';

/**
 * `min(1000·2^attempt, 32000)` ms plus up to 1 s of jitter: the wait for a 429 that names none, the
 * same curve as the in-page poller the benchmark compares with (bench/seed-poller.ts).
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30), BACKOFF_CAP_MS);
  return base + Math.floor(unitRandom(random) * JITTER_MAX_MS);
}

function unitRandom(random: () => number): number {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
}

/** After this many failures in a row the retries slow to every 2 intervals, after twice as many to 5. */
export const SLOWDOWN_AFTER_FAILURES = 15;

/**
 * The wait before retrying a failed sync (server error, network failure, timeout), after
 * `failures` earlier failures in a row. Errors never cost more than health: the 429 curve
 * (1 s, 2 s, 4 s … 32 s, `backoffDelayMs`) is only a floor, and no retry comes sooner than the interval (one
 * request per interval is what a healthy dashboard gets). A long outage slows further, to 2
 * and then 5 intervals, never past max(interval, 15 min).
 *
 * Jitter keeps a fleet that failed together from retrying together. The first retry is spread
 * over a whole interval, centred on it (0.5–1.5 ×): plain "full jitter" (0–1 ×) would halve the
 * mean wait and double the load of an outage, and decorrelated jitter lets waits wander far
 * past the interval, which slows recovery. Later retries keep their spread (each one is
 * relative to the last) and add only 0–5 %, so the first success after an outage ends comes
 * within an interval.
 */
export function errorRetryDelayMs(failures: number, intervalMs: number, random: () => number): number {
  const n = Math.max(0, Math.floor(failures));
  const curve = Math.min(BACKOFF_BASE_MS * 2 ** Math.min(n, 30), BACKOFF_CAP_MS);
  const slowdown = n >= 2 * SLOWDOWN_AFTER_FAILURES ? 5 : n >= SLOWDOWN_AFTER_FAILURES ? 2 : 1;
  const base = Math.max(curve, Math.min(intervalMs * slowdown, Math.max(intervalMs, RETRY_AFTER_CAP_MS)));
  const spread = n === 0 ? 0.5 + unitRandom(random) : 1 + 0.05 * unitRandom(random);
  return Math.round(base * spread);
}

/** The longest wait `errorRetryDelayMs` can ask for at this interval: a stored wait beyond it is corrupt. */
export function longestErrorWaitMs(intervalMs: number): number {
  const slowest = Math.min(intervalMs * 5, Math.max(intervalMs, RETRY_AFTER_CAP_MS));
  return Math.ceil(Math.max(BACKOFF_CAP_MS * 1.05, intervalMs * 1.5, slowest * 1.05));
}

/**
 * Extra wait after a rate limit's own wait (0–10 % of the interval): a fleet told the same
 * "retry at 12:00:00" must not come back in the same second.
 */
export function afterWaitJitterMs(intervalMs: number, random: () => number): number {
  return Math.floor(unitRandom(random) * 0.1 * intervalMs);
}

function clampWait(ms: number): number {
  return Math.min(Math.max(0, Math.round(ms)), RETRY_AFTER_CAP_MS);
}

const DELTA_SECONDS = /^-?\d+(?:\.\d+)?$/;

/**
 * `Retry-After` in either RFC 9110 form: delta-seconds or an HTTP-date.
 * Negative waits become 0, long ones are capped at 15 min; anything else is `null`.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (DELTA_SECONDS.test(text)) return clampWait(Number(text) * 1000);
  const at = parseHttpDate(text, now);
  return at === null ? null : clampWait(at - now);
}

/** Toast's `X-Toast-RateLimit-Reset`: the epoch second at which the window reopens. */
export function parseRateLimitReset(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (!/^\d+(?:\.\d+)?$/.test(text)) return null;
  return clampWait(Number(text) * 1000 - now);
}

/** `X-Poll-Interval` in whole seconds, or `null` when absent or unusable. */
export function parsePollInterval(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (!/^\d+$/.test(text)) return null;
  const seconds = Number(text);
  if (seconds <= 0) return null;
  return Math.min(seconds, MAX_POLL_INTERVAL_SECONDS);
}

export type RateLimitSource = 'retry-after' | 'toast-reset' | 'backoff';

/** The server's own wait, if it named one: Retry-After first, then Toast's reset header. */
export function serverRateLimitWait(
  headers: { get(name: string): string | null },
  now: number,
): { delayMs: number; source: Exclude<RateLimitSource, 'backoff'> } | null {
  const retryAfter = parseRetryAfter(headers.get('Retry-After'), now);
  if (retryAfter !== null) return { delayMs: retryAfter, source: 'retry-after' };
  const reset = parseRateLimitReset(headers.get('X-Toast-RateLimit-Reset'), now);
  if (reset !== null) return { delayMs: reset, source: 'toast-reset' };
  return null;
}
