/**
 * Everything the metrics need, recorded as the dashboard sees it, in fixed-size counters
 * rather than a log: a 10,000-browser run sends millions of requests.
 */

import { keyedHash } from './random.ts';
import { SECOND } from './scenarios.ts';

/** Who sent a request: a browser, one of its pollers (a dashboard tab for the in-page `seed` design), and for which client. */
export interface Caller {
  browser: number;
  /** Unique in the run: `browser * POLLERS_PER_BROWSER + tab`. */
  poller: number;
  clientId: string;
}

/** Room for a browser's pollers in the poller numbering (the in-page `seed` design opens up to 3 tabs). */
export const POLLERS_PER_BROWSER = 4;

/** A Retry-After a client was given: from when it knew, until when it had to wait. */
interface Wait {
  givenAt: number;
  notBefore: number;
}

export class TrafficRecorder {
  requests = 0;
  rateLimited = 0;
  /** Requests sent in each virtual second of the run. */
  readonly perSecond: Int32Array;
  /** Requests sent while the poller itself had been told to wait (Retry-After not yet passed). */
  insideRetryAfterPerPoller = 0;
  /** Requests sent by any poller of a browser one of whose pollers had been told to wait. */
  insideRetryAfterPerBrowser = 0;
  /** Per browser, ms from `recoverFrom` to its first success answer (NaN: none yet). */
  readonly firstSuccessAfter: Float64Array;
  /**
   * Every request (who, when) and answer (who, when, status), hashed and summed: two runs with
   * equal fingerprints sent and got the same. A sum, because events of one virtual instant may
   * run in another order without anything being different.
   */
  fingerprint = 0;
  /** Successful answers by the age of the data they carry, in whole seconds (the last bucket: older). */
  readonly dataAges = new Int32Array(3601);

  private readonly pollerWaits = new Map<number, Wait>();
  private readonly browserWaits: (Wait | undefined)[];

  constructor(
    private readonly start: number,
    minutes: number,
    browsers: number,
    private readonly recoverFrom: number | null,
  ) {
    this.perSecond = new Int32Array(minutes * 60 + 1);
    this.firstSuccessAfter = new Float64Array(browsers).fill(NaN);
    this.browserWaits = new Array<Wait | undefined>(browsers);
  }

  private fold(...values: number[]): void {
    this.fingerprint = (this.fingerprint + keyedHash(...values)) >>> 0;
  }

  sent(caller: Caller, at: number): void {
    this.requests++;
    const second = Math.floor((at - this.start) / SECOND);
    if (second < this.perSecond.length) this.perSecond[second] = (this.perSecond[second] ?? 0) + 1;
    this.fold(1, caller.poller, at - this.start);
    const own = this.pollerWaits.get(caller.poller);
    if (own !== undefined && at >= own.givenAt && at < own.notBefore) this.insideRetryAfterPerPoller++;
    const browser = this.browserWaits[caller.browser];
    if (browser !== undefined && at >= browser.givenAt && at < browser.notBefore) this.insideRetryAfterPerBrowser++;
  }

  /**
   * `answeredAt`: when the dashboard produced the answer (its `Date`), which a Retry-After
   * counts from; `deliveredAt`: when the client got it, from which it knows it must wait.
   */
  answered(caller: Caller, status: number, retryAfterMs: number | null, answeredAt: number, deliveredAt: number): void {
    this.fold(2, caller.poller, deliveredAt - this.start, status);
    if (status === 429) {
      this.rateLimited++;
      if (retryAfterMs !== null) {
        const notBefore = answeredAt + retryAfterMs;
        this.pollerWaits.set(caller.poller, extend(this.pollerWaits.get(caller.poller), deliveredAt, notBefore));
        this.browserWaits[caller.browser] = extend(this.browserWaits[caller.browser], deliveredAt, notBefore);
      }
    }
    if (status === 200 && this.recoverFrom !== null && deliveredAt >= this.recoverFrom) {
      if (Number.isNaN(this.firstSuccessAfter[caller.browser])) this.firstSuccessAfter[caller.browser] = deliveredAt - this.recoverFrom;
    }
  }

  /** A success carried data this old (0: a pull made for it). */
  dataAge(ms: number): void {
    const bucket = Math.min(this.dataAges.length - 1, Math.floor(ms / SECOND));
    this.dataAges[bucket] = (this.dataAges[bucket] ?? 0) + 1;
  }

  /** The p-th percentile of the data ages, in whole seconds (NaN: no successes). */
  dataAgePercentile(p: number): number {
    const total = this.dataAges.reduce((a, b) => a + b, 0);
    if (total === 0) return NaN;
    let seen = 0;
    for (let s = 0; s < this.dataAges.length; s++) {
      seen += this.dataAges[s] ?? 0;
      if (seen >= (p / 100) * total) return s;
    }
    return this.dataAges.length - 1;
  }

  /** Requests sent in [from, to) (virtual times, whole seconds). */
  sentBetween(from: number, to: number): number {
    let n = 0;
    for (let s = Math.floor((from - this.start) / SECOND); s < Math.floor((to - this.start) / SECOND); s++) n += this.perSecond[s] ?? 0;
    return n;
  }

  /** The most requests sent in any one second of [from, to). */
  busiestSecond(from: number, to: number): number {
    let most = 0;
    for (let s = Math.floor((from - this.start) / SECOND); s < Math.floor((to - this.start) / SECOND); s++)
      most = Math.max(most, this.perSecond[s] ?? 0);
    return most;
  }
}

/** A wait still running when a new one comes only grows; an expired one is replaced. */
function extend(current: Wait | undefined, givenAt: number, notBefore: number): Wait {
  if (current !== undefined && givenAt < current.notBefore)
    return { givenAt: current.givenAt, notBefore: Math.max(current.notBefore, notBefore) };
  return { givenAt, notBefore };
}
