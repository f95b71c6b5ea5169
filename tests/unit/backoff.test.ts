import { describe, expect, it } from 'vitest';
import {
  afterWaitJitterMs,
  backoffDelayMs,
  errorRetryDelayMs,
  longestErrorWaitMs,
  parsePollInterval,
  parseRateLimitReset,
  parseRetryAfter,
  serverRateLimitWait,
} from '../../src/shared/backoff.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('Retry-After', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('12', NOW)).toBe(12_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date (IMF-fixdate) relative to now', () => {
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', NOW)).toBe(30_000);
  });

  it('reads the obsolete RFC 850 and asctime date forms', () => {
    expect(parseRetryAfter('Tuesday, 24-Nov-26 12:00:45 GMT', NOW)).toBe(45_000);
    // asctime carries no zone, and HTTP dates are always GMT, whatever the machine's zone.
    expect(parseRetryAfter('Tue Nov 24 12:01:00 2026', NOW)).toBe(60_000);
    expect(parseRetryAfter('Wed Nov  4 12:00:00 2026', Date.UTC(2026, 10, 4, 11, 59, 0))).toBe(60_000);
  });

  it('malformed dates that Date.parse would take (as dates in 2001) are not dates', () => {
    for (const junk of [
      'wait 10',
      'Retry in 5',
      'in 5 minutes',
      'Tue, 31 Nov 2026 12:00:00 GMT',
      'Tue, 24 Nov 2026 25:00:00 GMT',
      'Tue, 24 Nov 2026 12:00:00 PST',
    ]) {
      expect(parseRetryAfter(junk, NOW), junk).toBeNull();
    }
  });

  it('a malformed Retry-After falls back to X-Toast-RateLimit-Reset, not to "retry now"', () => {
    const headers = new Headers({ 'Retry-After': 'wait 10', 'X-Toast-RateLimit-Reset': String(NOW / 1000 + 40) });
    expect(serverRateLimitWait(headers, NOW)).toEqual({ delayMs: 40_000, source: 'toast-reset' });
    expect(serverRateLimitWait(new Headers({ 'Retry-After': 'Retry in 5' }), NOW)).toBeNull();
  });

  it('turns a negative delay or a date in the past into 0', () => {
    expect(parseRetryAfter('-5', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
  });

  it('caps both forms at 15 minutes', () => {
    expect(parseRetryAfter('86400', NOW)).toBe(15 * 60_000);
    expect(parseRetryAfter(new Date(NOW + 3 * 3_600_000).toUTCString(), NOW)).toBe(15 * 60_000);
    expect(parseRetryAfter('99999999999999999999999', NOW)).toBe(15 * 60_000);
  });

  it('ignores what is neither form', () => {
    for (const junk of [null, '', 'soon', '12s', '2026-11-24T12:00:30Z', 'NaN', '1e3', '<script>']) {
      expect(parseRetryAfter(junk, NOW), String(junk)).toBeNull();
    }
  });
});

describe('X-Toast-RateLimit-Reset', () => {
  it('reads epoch seconds, clamped to [0, 15 min]', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 20), NOW)).toBe(20_000);
    expect(parseRateLimitReset(String(NOW / 1000 - 20), NOW)).toBe(0);
    expect(parseRateLimitReset(String(NOW / 1000 + 7200), NOW)).toBe(15 * 60_000);
    expect(parseRateLimitReset('tomorrow', NOW)).toBeNull();
  });

  it('comes second to Retry-After', () => {
    const both = new Headers({ 'Retry-After': '5', 'X-Toast-RateLimit-Reset': String(NOW / 1000 + 40) });
    expect(serverRateLimitWait(both, NOW)).toEqual({ delayMs: 5_000, source: 'retry-after' });
    const resetOnly = new Headers({ 'X-Toast-RateLimit-Reset': String(NOW / 1000 + 40) });
    expect(serverRateLimitWait(resetOnly, NOW)).toEqual({ delayMs: 40_000, source: 'toast-reset' });
    expect(serverRateLimitWait(new Headers({ 'Retry-After': 'later' }), NOW)).toBeNull();
  });
});

describe('exponential backoff', () => {
  it('doubles from 1 s and stops at the 32 s cap', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50, 5000].map((a) => backoffDelayMs(a, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 32000, 32000, 32000, 32000,
    ]);
  });

  it('adds jitter within [0, 1000) ms', () => {
    expect(backoffDelayMs(2, () => 0)).toBe(4000);
    expect(backoffDelayMs(2, () => 0.5)).toBe(4500);
    expect(backoffDelayMs(2, () => 0.999999)).toBe(4999);
    // A broken random source must not push the delay out of bounds.
    expect(backoffDelayMs(2, () => 1)).toBe(4999);
    expect(backoffDelayMs(2, () => -3)).toBe(4000);
    expect(backoffDelayMs(2, () => Number.NaN)).toBe(4000);
  });
});

describe('retrying after an error', () => {
  const MIN = 60_000;
  const at = (r: number) => () => r;

  it('never sooner than the interval on average: the first retry spread over 0.5–1.5 intervals, later ones 1–1.05', () => {
    // failures so far → [least, most] wait, at a 60 s interval
    const table: [number, number, number][] = [
      [0, 30_000, 90_000],
      [1, 60_000, 63_000],
      [5, 60_000, 63_000],
      [14, 60_000, 63_000],
      [15, 120_000, 126_000],
      [29, 120_000, 126_000],
      [30, 300_000, 315_000],
      [999, 300_000, 315_000],
    ];
    for (const [failures, least, most] of table) {
      expect([failures, errorRetryDelayMs(failures, MIN, at(0))]).toEqual([failures, least]);
      expect([failures, errorRetryDelayMs(failures, MIN, at(0.999999))]).toEqual([failures, most]);
    }
  });

  it('the 1 s → 32 s curve stays the floor: it rules only when the interval is shorter', () => {
    expect(errorRetryDelayMs(6, 20_000, at(0))).toBe(32_000);
    expect(errorRetryDelayMs(3, 20_000, at(0))).toBe(20_000);
  });

  it('a long interval slows no further than 15 minutes, or the interval itself when that is longer', () => {
    expect(errorRetryDelayMs(15, 10 * MIN, at(0))).toBe(15 * MIN);
    expect(errorRetryDelayMs(40, 60 * MIN, at(0))).toBe(60 * MIN);
  });

  it('spreads a fleet that failed together over a whole interval at the first retry', () => {
    const waits = Array.from({ length: 1000 }, (_, i) => errorRetryDelayMs(0, MIN, at(i / 1000)));
    const perTenth = new Array<number>(10).fill(0);
    for (const w of waits) perTenth[Math.min(9, Math.floor((w - 30_000) / 6_000))]! += 1;
    expect(perTenth).toEqual(new Array<number>(10).fill(100));
    expect(waits.reduce((a, b) => a + b, 0) / waits.length).toBeCloseTo(MIN, -2);
  });

  it('bad randomness cannot make it wait less or loop', () => {
    for (const r of [-5, Number.NaN, 7, Number.POSITIVE_INFINITY]) {
      const wait = errorRetryDelayMs(0, MIN, at(r));
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(90_000);
    }
  });

  it('longestErrorWaitMs bounds every wait it can give', () => {
    for (const interval of [1_000, 30_000, MIN, 10 * MIN, 60 * MIN]) {
      for (const failures of [0, 1, 14, 15, 30, 1000]) {
        expect(errorRetryDelayMs(failures, interval, at(0.999999))).toBeLessThanOrEqual(longestErrorWaitMs(interval));
      }
    }
  });

  it("after a rate limit's wait, up to 10 % of the interval more", () => {
    expect(afterWaitJitterMs(MIN, at(0))).toBe(0);
    expect(afterWaitJitterMs(MIN, at(0.5))).toBe(3_000);
    expect(afterWaitJitterMs(MIN, at(0.999999))).toBe(5_999);
  });
});

describe('X-Poll-Interval', () => {
  it('reads whole positive seconds and caps them at an hour', () => {
    expect(parsePollInterval('120')).toBe(120);
    expect(parsePollInterval('999999')).toBe(3600);
    for (const junk of [null, '0', '-5', '1.5', 'fast']) expect(parsePollInterval(junk)).toBeNull();
  });
});
