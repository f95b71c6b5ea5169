/** Backoff and rate-limit maths. Pure: time and randomness come in as arguments. */

import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  JITTER_MAX_MS,
  MAX_POLL_INTERVAL_SECONDS,
  RETRY_AFTER_CAP_MS,
} from './constants.ts';
import { parseHttpDate } from './http-date.ts';

/** `min(1000·2^attempt, 32000)` ms plus up to 1 s of jitter, as the seed plan asks. */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30), BACKOFF_CAP_MS);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return base + Math.floor(unit * JITTER_MAX_MS);
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
