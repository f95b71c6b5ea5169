/**
 * The simulated CRM dashboard every design talks to: `POST /api/toast/sync` with the caching
 * the contract extension asks for. Per client, one Toast pull at a time (single flight: callers
 * arriving meanwhile share its answer) and a freshness window (a caller arriving within it of
 * the last pull's end gets that pull's `syncedAt` at once, and Toast is not called): 60 s by
 * default, what the reference dashboard uses and docs/dashboard-contract.md recommends (the admins' interval).
 * Faults (503, 429) are answered before any of that, as a dashboard in trouble would.
 *
 * Latencies are drawn from keys (seed, poller, request number; seed, client, pull number), not
 * from a shared stream, so they do not depend on the order of same-instant events.
 */

import { keyedUnit, stringKey } from './random.ts';
import { MINUTE, type Fault } from './scenarios.ts';
import type { Caller, TrafficRecorder } from './traffic-recorder.ts';
import type { World } from './world.ts';

/** One HTTP answer; header names are lower-case. */
export interface DashboardAnswer {
  status: number;
  statusText: string;
  headers: ReadonlyMap<string, string>;
  body: string;
}

/** What a client needs of the dashboard: send a sync request, get its answer later. */
export interface SyncEndpoint {
  request(caller: Caller, deliver: (answer: DashboardAnswer) => void): void;
}

export const DEFAULT_FRESHNESS_MS = 60_000;
/** Request and answer on the wire plus the route's own work, without Toast. */
export const LATENCY_MS = { min: 30, max: 300 };
/** One Toast pull (the `ordersBulk` calls behind a sync). */
export const PULL_MS = { min: 300, max: 800 };

/** Tags that keep the keyed draws of different kinds apart. */
const DRAW = { latency: 1, pull: 2, orders: 3 };

interface ClientCache {
  /** When the last successful pull ended, and what it answered (its `syncedAt` is then). */
  pulledAt: number;
  body: string;
  /** The pull under way: who waits for its answer. */
  inflight: ((answer: DashboardAnswer) => void)[] | null;
  pulls: number;
}

/** RFC 9110 IMF-fixdate, e.g. `Tue, 24 Nov 2026 09:00:00 GMT` (what `toUTCString` gives). */
const imfDate = (at: number): string => new Date(at).toUTCString();

function answer(status: number, statusText: string, at: number, body: string, extra: [string, string][] = []): DashboardAnswer {
  return {
    status,
    statusText,
    headers: new Map([['content-type', 'application/json'], ['date', imfDate(at)], ...extra]),
    body,
  };
}

export class Dashboard implements SyncEndpoint {
  /** Toast pulls started in each virtual minute of the run. */
  readonly pullsPerMinute: Int32Array;
  private readonly clients = new Map<string, ClientCache>();
  private readonly requestsByPoller = new Map<number, number>();

  constructor(
    private readonly world: World,
    private readonly options: {
      seed: number;
      start: number;
      minutes: number;
      fault: (at: number) => Fault | null;
      recorder: TrafficRecorder;
      freshMs: number;
    },
  ) {
    this.pullsPerMinute = new Int32Array(options.minutes + 1);
  }

  request(caller: Caller, deliver: (answer: DashboardAnswer) => void): void {
    const now = this.world.now;
    const { recorder, seed } = this.options;
    recorder.sent(caller, now);
    const n = (this.requestsByPoller.get(caller.poller) ?? 0) + 1;
    this.requestsByPoller.set(caller.poller, n);
    const latency = LATENCY_MS.min + Math.floor(keyedUnit(seed, DRAW.latency, caller.poller, n) * (LATENCY_MS.max - LATENCY_MS.min));

    const fault = this.options.fault(now);
    if (fault !== null) {
      const reply =
        fault.status === 503
          ? answer(503, 'Service Unavailable', now, '{"error":"The dashboard is unavailable"}')
          : answer(429, 'Too Many Requests', now, '{"error":"Toast rate limit exceeded"}', [
              ['retry-after', String(fault.retryAfterSeconds)],
            ]);
      this.send(caller, reply, now, latency, deliver);
      return;
    }

    const client = this.client(caller.clientId);
    if (now - client.pulledAt < this.options.freshMs) {
      recorder.dataAge(now - client.pulledAt);
      this.send(caller, answer(200, 'OK', now, client.body), now, latency, deliver);
      return;
    }
    // Single flight: whoever comes while a pull is under way gets its answer.
    const waiter = (reply: DashboardAnswer): void => this.send(caller, reply, this.world.now, latency, deliver);
    if (client.inflight !== null) client.inflight.push(waiter);
    else this.pull(caller.clientId, client, waiter);
  }

  private client(clientId: string): ClientCache {
    let client = this.clients.get(clientId);
    if (client === undefined) {
      client = { pulledAt: -Infinity, body: '', inflight: null, pulls: 0 };
      this.clients.set(clientId, client);
    }
    return client;
  }

  private pull(clientId: string, client: ClientCache, first: (answer: DashboardAnswer) => void): void {
    const { seed, start } = this.options;
    const key = stringKey(clientId);
    const index = ++client.pulls;
    const minute = Math.floor((this.world.now - start) / MINUTE);
    if (minute < this.pullsPerMinute.length) this.pullsPerMinute[minute] = (this.pullsPerMinute[minute] ?? 0) + 1;
    const waiting = [first];
    client.inflight = waiting;
    const duration = PULL_MS.min + Math.floor(keyedUnit(seed, DRAW.pull, key, index) * (PULL_MS.max - PULL_MS.min));
    this.world.schedule(this.world.now + duration, () => {
      const at = this.world.now;
      const orders = Math.floor(keyedUnit(seed, DRAW.orders, key, index) * 6);
      client.pulledAt = at;
      client.body = JSON.stringify({ ok: true, ordersSynced: orders, syncedAt: new Date(at).toISOString() });
      client.inflight = null;
      const reply = answer(200, 'OK', at, client.body);
      for (const deliver of waiting) {
        this.options.recorder.dataAge(0);
        deliver(reply);
      }
    });
  }

  /** Delivers `reply` to the caller `latency` ms after the dashboard produced it. */
  private send(caller: Caller, reply: DashboardAnswer, answeredAt: number, latency: number, deliver: (a: DashboardAnswer) => void): void {
    this.world.schedule(answeredAt + latency, () => {
      const retryAfter = reply.headers.get('retry-after');
      this.options.recorder.answered(
        caller,
        reply.status,
        retryAfter === undefined ? null : Number(retryAfter) * 1000,
        answeredAt,
        this.world.now,
      );
      deliver(reply);
    });
  }
}
