/**
 * A simulated Chromium for the real sync engine, on a virtual clock.
 *
 * - One discrete-event queue in true (monotonic) time; the engine's `now()` is the system clock
 *   (true time + an offset that clock-jump commands move).
 * - storage.local/storage.sync, alarms, idle.queryState: every call takes effect when made (the
 *   browser process handles calls in order) and replies after a small random virtual delay, in
 *   order, so events really interleave at the engine's awaits. Writes can be made to fail.
 * - Service workers: a worker instance owns one engine. When it dies its pending replies never
 *   arrive, its timers never fire and its fetches are cut off: every callback checks the
 *   instance. A new instance starts only for events that start a worker in Chromium (alarm,
 *   runtime message, command, idle change, storage change, webRequest, startup), never for
 *   the DOM `online`/`offline` events (lost in a dead worker). A worker with work under way
 *   lives; an idle one is stopped after `idleKillMs` (Chromium: 30 s) or by a kill command.
 * - Alarms live in the browser: they survive worker death, are lost on a browser restart, a
 *   fired one-shot alarm is consumed, and (packed builds) `when` is clamped to ≥ 30 s from
 *   creation. They fire by the system clock, as Chromium's alarm manager does.
 * - fetch is answered by a scripted dashboard after a virtual latency.
 */

import { seededRandom } from '../../bench/random.ts';
import './defines.ts';
import { setImmediate as tick } from 'node:timers/promises';
import { createEngine, type Engine, type EnginePorts } from '../../src/background/engine.ts';
import type { HttpAnswer } from '../../src/background/classify.ts';
import { createPageSyncObserver, type PageSyncObserver } from '../../src/background/page-sync-observer.ts';
import { BUILD_DASHBOARD_URL, SYNC_PATH } from '../../src/shared/constants.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { SYNC_STATE_KEY } from '../../src/shared/sync-state.ts';
import { contractWaitMs, Oracle, type AnswerKind, type Violation } from './oracle.ts';

export const START = Date.UTC(2026, 10, 24, 9, 0, 0);

export type EngineFactory = (ports: EnginePorts) => Engine;

export type RateHeader = 'none' | 'ra-s' | 'ra-date' | 'ra-bad' | 'ra-neg' | 'reset';

/** What the scripted dashboard answers to the extension's requests. */
export type DashAnswer =
  | { k: 'ok'; poll?: number; cachedS?: number }
  | { k: 'login' }
  | { k: 'redirect' }
  | { k: 'status'; status: 401 | 403 | 404 | 500 | 502 | 503 }
  | { k: 'malformed' }
  | { k: 'neterr' }
  | { k: 'slow'; ms: number }
  | { k: '429'; h: RateHeader; s: number; bad?: string };

export interface SimOptions {
  seed: number;
  /** Packed (store) builds clamp alarms to ≥ 30 s from creation. Default true. */
  packedAlarms?: boolean;
  /** Chromium stops an idle worker after 30 s; `null` = only kill commands stop it. */
  idleKillMs?: number | null;
  /** Longest storage/alarm reply delay. */
  maxReplyDelayMs?: number;
  engine?: EngineFactory;
  /** Stop processing at the first violation (quick runs). */
  stopOnViolation?: boolean;
  /** Event budget per run (a hot loop is reported as `runaway`). */
  maxEvents?: number;
  /** Receives a line per notable event (debugging, counterexample narration). */
  trace?: (line: string) => void;
}

interface QEvent {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

interface WorkerInstance {
  id: number;
  dead: boolean;
  engine: Engine;
  observer: PageSyncObserver;
  pending: number;
  lastActive: number;
  bornAt: number;
  lastReply: number;
  /** Storage/alarm/settings replies not yet delivered (a message is being handled). */
  portOps: number;
  /** Browser events queued for it, not yet delivered. */
  deliveries: number;
  timers: Set<QEvent>;
}

export { seededRandom };

export class StopRun extends Error {}

function originOf(settings: Settings): string {
  try {
    return new URL(settings.dashboardUrl !== '' ? settings.dashboardUrl : BUILD_DASHBOARD_URL).origin;
  } catch {
    return new URL(BUILD_DASHBOARD_URL).origin;
  }
}

function answer(status: number, headers: Record<string, string>, body: string, type = 'basic'): HttpAnswer {
  const h = new Headers(headers);
  return { status, statusText: '', type, redirected: false, headers: h, text: () => Promise.resolve(body) };
}

export class Sim {
  t = START;
  offset = 0;
  readonly oracle: Oracle;
  readonly rng: () => number;
  readonly engineRandom: () => number;
  private queue: QEvent[] = [];
  private seq = 0;
  running = true;
  private local = new Map<string, string>();
  settings: Settings = { ...DEFAULT_SETTINGS };
  private alarms = new Map<string, number>();
  failWritesLeft = 0;
  online = true;
  locked = false;
  server: DashAnswer = { k: 'ok' };
  worker: WorkerInstance | null = null;
  private workerSeq = 0;
  private reqSeq = 0;
  private readonly packed: boolean;
  private readonly idleKillMs: number | null;
  private readonly maxDelay: number;
  private readonly factory: EngineFactory;
  private readonly stopOnViolation: boolean;
  private readonly maxEvents: number;
  private readonly traceFn: ((line: string) => void) | null;
  stats = { events: 0, requests: 0, workers: 0, pageSyncs: 0, rejections: 0 };
  /** Things worth knowing that the contract does not forbid (e.g. rejections nobody handled). */
  notes: string[] = [];

  constructor(options: SimOptions) {
    this.rng = seededRandom(options.seed);
    this.engineRandom = seededRandom(options.seed ^ 0x5bd1e995);
    this.packed = options.packedAlarms ?? true;
    this.idleKillMs = options.idleKillMs === undefined ? 30_000 : options.idleKillMs;
    this.maxDelay = options.maxReplyDelayMs ?? 40;
    this.factory = options.engine ?? createEngine;
    this.stopOnViolation = options.stopOnViolation ?? false;
    this.maxEvents = options.maxEvents ?? 400_000;
    this.traceFn = options.trace ?? null;
    this.oracle = new Oracle(
      { t: () => this.t, s: () => this.s(), start: START },
      {
        contextClientId: null,
        contextClientName: null,
        isAdmin: null,
        userPaused: false,
        locked: false,
        online: true,
        intervalSeconds: this.settings.intervalSeconds,
        pinnedClientId: this.settings.pinnedClientId,
        pauseWhenLocked: this.settings.pauseWhenLocked,
        origin: originOf(this.settings),
      },
    );
  }

  s(): number {
    return this.t + this.offset;
  }

  trace(line: string | (() => string)): void {
    if (this.traceFn === null) return;
    const at = ((this.t - START) / 1000).toFixed(3).padStart(10);
    this.traceFn(`${at}s ${typeof line === 'string' ? line : line()}`);
  }

  get violations(): Violation[] {
    return this.oracle.violations;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  // ---- event queue ----

  private schedule(at: number, run: () => void): QEvent {
    const event: QEvent = { at: Math.max(at, this.t), seq: this.seq++, run, cancelled: false };
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.queue[mid] as QEvent;
      if (e.at < event.at || (e.at === event.at && e.seq < event.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, event);
    return event;
  }

  private async drain(): Promise<void> {
    // Every port replies through the queue, so one macrotask turn settles every promise chain.
    await tick();
  }

  private nextAlarm(): { name: string; at: number } | null {
    let best: { name: string; at: number } | null = null;
    for (const [name, when] of this.alarms) {
      const at = Math.max(this.t, when - this.offset);
      if (best === null || at < best.at) best = { name, at };
    }
    return best;
  }

  /** Runs everything up to true time `until`. */
  async runUntil(until: number): Promise<void> {
    await this.drain();
    this.afterStep();
    for (;;) {
      while (this.queue[0]?.cancelled === true) this.queue.shift();
      const ev = this.queue[0];
      const w = this.worker;
      const killAt = w !== null && !w.dead && w.pending === 0 && this.idleKillMs !== null ? w.lastActive + this.idleKillMs : Infinity;
      const alarm = this.running ? this.nextAlarm() : null;
      const next = Math.min(ev?.at ?? Infinity, alarm?.at ?? Infinity, killAt);
      if (next > until) break;
      this.t = Math.max(this.t, next);
      if (++this.stats.events > this.maxEvents) {
        this.notes.push('runaway: event budget exhausted');
        throw new StopRun('runaway');
      }
      if (w !== null && killAt === next) this.kill(w, false);
      else if (alarm !== null && alarm.at === next && (ev === undefined || alarm.at <= ev.at)) this.fireAlarm(alarm.name);
      else if (ev !== undefined) {
        this.queue.shift();
        ev.run();
      }
      await this.drain();
      this.afterStep();
    }
    this.t = Math.max(this.t, until);
    this.afterStep();
  }

  private afterStep(): void {
    this.oracle.prune();
    const w = this.worker;
    this.oracle.check(this.storedRaw(), w !== null && !w.dead ? this.t - w.bornAt : null);
    if (this.stopOnViolation && this.oracle.violations.length > 0) throw new StopRun('violation');
  }

  private rawCache: { text: string | undefined; value: unknown } = { text: undefined, value: undefined };

  storedRaw(): unknown {
    const text = this.local.get(SYNC_STATE_KEY);
    if (text !== this.rawCache.text) this.rawCache = { text, value: text === undefined ? undefined : (JSON.parse(text) as unknown) };
    return this.rawCache.value;
  }

  // ---- workers and ports ----

  private reply<T>(w: WorkerInstance, outcome: { ok: T } | { err: Error }): Promise<T> {
    w.pending++;
    w.portOps++;
    const at = Math.max(this.t + this.int(0, this.maxDelay), w.lastReply);
    w.lastReply = at;
    return new Promise<T>((resolve, reject) => {
      this.schedule(at, () => {
        if (w.dead) return;
        w.pending--;
        w.portOps--;
        w.lastActive = this.t;
        if ('ok' in outcome) resolve(outcome.ok);
        else reject(outcome.err);
      });
    });
  }

  /**
   * Delivers a browser event to a worker in order with the replies already on their way (one
   * IPC channel: a reply sent before an event arrives before it), then runs `handle` in it.
   */
  private deliver(w: WorkerInstance, what: string, handle: (w: WorkerInstance) => Promise<unknown> | void): void {
    w.pending++;
    w.deliveries++;
    const at = Math.max(this.t, w.lastReply);
    w.lastReply = at;
    this.schedule(at, () => {
      if (w.dead) return;
      w.pending--;
      w.deliveries--;
      w.lastActive = this.t;
      const result = handle(w);
      if (result !== undefined) this.track(w, result, what);
    });
  }

  /** Counts a promise as work under way in the worker (Chromium keeps a worker with pending events alive). */
  private track(w: WorkerInstance, p: Promise<unknown>, what: string): void {
    w.pending++;
    const done = (): void => {
      if (w.dead) return;
      w.pending--;
      w.lastActive = this.t;
    };
    p.then(done, (error: unknown) => {
      done();
      this.notes.push(`${what} rejected: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private ports(w: WorkerInstance): EnginePorts {
    return {
      now: () => this.s(),
      random: this.engineRandom,
      fetch: (url, init) => this.fetch(w, url, init),
      timers: {
        set: (callback, ms) => {
          if (w.dead) return null;
          const event = this.schedule(this.t + Math.max(0, ms), () => {
            w.timers.delete(event);
            if (w.dead) return;
            w.lastActive = this.t;
            callback();
          });
          w.timers.add(event);
          return event;
        },
        clear: (handle) => {
          const event = handle as QEvent | null;
          if (event === null || event === undefined) return;
          event.cancelled = true;
          w.timers.delete(event);
        },
      },
      storage: {
        get: (key) => {
          const text = this.local.get(key);
          return this.reply(w, { ok: text === undefined ? {} : { [key]: JSON.parse(text) as unknown } });
        },
        set: (items) => {
          if (this.failWritesLeft > 0) {
            this.failWritesLeft--;
            this.oracle.storageFailed();
            this.trace(`  w${w.id} storage write FAILS`);
            return this.reply(w, { err: new Error('QUOTA_BYTES quota exceeded (simulated write failure)') });
          }
          for (const [key, value] of Object.entries(items)) {
            const text = JSON.stringify(value);
            if (text === undefined) this.local.delete(key);
            else this.local.set(key, text);
            if (key === SYNC_STATE_KEY && !w.dead) {
              const rec = JSON.parse(text ?? 'null') as Record<string, unknown>;
              this.trace(
                () =>
                  `  w${w.id} writes failures=${String(rec.consecutiveFailures)} next=${rel(rec.nextAttemptAt, this.s())} retryNotBefore=${rel(rec.retryNotBefore, this.s())} lease=${rec.lease === null ? 'none' : 'held'}`,
              );
              this.oracle.stored(rec);
            }
          }
          return this.reply(w, { ok: undefined });
        },
      },
      alarms: {
        get: (name) => {
          const when = this.alarms.get(name);
          return this.reply(w, { ok: when === undefined ? undefined : { scheduledTime: when } });
        },
        create: (name, info) => {
          const when = this.packed ? Math.max(info.when, this.s() + 30_000) : info.when;
          this.trace(
            () => `  w${w.id} alarm set for ${rel(when, this.s())}${when !== info.when ? ` (asked ${rel(info.when, this.s())})` : ''}`,
          );
          this.alarms.set(name, when);
          return this.reply(w, { ok: undefined });
        },
        clear: (name) => {
          this.trace(`  w${w.id} alarm cleared`);
          return this.reply(w, { ok: this.alarms.delete(name) });
        },
      },
      settings: () => this.reply(w, { ok: { ...this.settings } }),
      isOnline: () => this.online,
      dashboardTabOpen: () => this.reply(w, { ok: true }),
      onStateChange: () => undefined,
    };
  }

  /**
   * An event that starts a worker in Chromium: returns the live worker (started if needed).
   * `readsRecord`: the engine acts on it (reads and writes its record); a page's request to an
   * address that is no longer the dashboard reaches the worker but the engine ignores it.
   */
  wake(readsRecord = true): WorkerInstance | null {
    if (!this.running) return null;
    if (readsRecord) this.oracle.woke();
    if (this.worker !== null && !this.worker.dead) return this.worker;
    const w: WorkerInstance = {
      id: ++this.workerSeq,
      dead: false,
      engine: undefined as unknown as Engine,
      observer: undefined as unknown as PageSyncObserver,
      pending: 0,
      lastActive: this.t,
      bornAt: this.t,
      lastReply: this.t,
      portOps: 0,
      deliveries: 0,
      timers: new Set(),
    };
    this.stats.workers++;
    this.trace(`worker w${w.id} starts`);
    this.worker = w;
    const ports = this.ports(w);
    w.engine = this.factory(ports);
    this.track(w, w.engine.ready, 'engine.ready');
    // As browser-adapter.ts wires it; optional hooks are passed when this engine version has them.
    const engine = w.engine as Engine & {
      pageSyncStarted?: (requestId: string, clientId: string | null) => Promise<unknown>;
      pageSyncGone?: (requestId: string) => Promise<unknown>;
    };
    const observerDeps = {
      dashboardOrigin: async () => originOf(await ports.settings()),
      report: (sync: unknown) => w.engine.pageSynced(sync as Parameters<Engine['pageSynced']>[0]),
      begun: (requestId: string, clientId: string | null) => engine.pageSyncStarted?.(requestId, clientId) ?? Promise.resolve(),
      gone: (requestId: string) => engine.pageSyncGone?.(requestId) ?? Promise.resolve(),
    };
    w.observer = createPageSyncObserver(observerDeps);
    // index.ts, at every worker start: idle.queryState, then setScreenLocked.
    const locked = this.locked;
    this.track(
      w,
      this.reply(w, { ok: locked }).then((l) => w.engine.setScreenLocked(l)),
      'setScreenLocked(start)',
    );
    return w;
  }

  kill(w: WorkerInstance, forced: boolean): void {
    if (w.dead) return;
    w.dead = true;
    for (const event of w.timers) event.cancelled = true;
    w.timers.clear();
    if (this.worker === w) this.worker = null;
    this.trace(`worker w${w.id} dies${forced ? ' (killed)' : ' (idle)'}`);
    this.oracle.workerDied(w.id, forced);
  }

  private fetch(w: WorkerInstance, url: string, init: RequestInit): Promise<HttpAnswer> {
    const id = ++this.reqSeq;
    this.stats.requests++;
    const origin = new URL(url).origin;
    let clientId: string | null = null;
    try {
      clientId = (JSON.parse(typeof init.body === 'string' ? init.body : 'null') as { clientId?: string } | null)?.clientId ?? null;
    } catch {
      clientId = null;
    }
    w.pending++;
    this.trace(`w${w.id} SENDS request #${id} for ${String(clientId)} to ${origin}`);
    const before = this.oracle.violations.length;
    this.oracle.sent(id, w.id, origin, clientId, this.storedRaw());
    for (const v of this.oracle.violations.slice(before)) this.trace(`  VIOLATION ${v.kind}: ${v.detail}`);
    const spec: DashAnswer = this.online ? this.server : { k: 'neterr' };
    const latency = spec.k === 'slow' ? spec.ms : !this.online ? 5 : this.rng() < 0.8 ? this.int(20, 400) : this.int(400, 5_000);
    return new Promise<HttpAnswer>((resolve, reject) => {
      let done = false;
      const finish = (): void => {
        done = true;
        w.pending--;
        w.lastActive = this.t;
      };
      const event = this.schedule(this.t + latency, () => {
        if (w.dead || done) return;
        finish();
        const { http, kind, waitMs, poll, syncedAtTrue, label } = this.buildAnswer(spec);
        this.trace(`w${w.id} request #${id} answered: ${label}`);
        this.oracle.answered(id, w.id, origin, clientId, { kind, waitMs, poll, syncedAtTrue, label });
        if (http === null) reject(new TypeError('Failed to fetch'));
        else resolve(http);
      });
      const signal = init.signal;
      signal?.addEventListener('abort', () => {
        if (w.dead || done) return;
        event.cancelled = true;
        finish();
        this.trace(`w${w.id} request #${id} aborted (timeout)`);
        this.oracle.answered(id, w.id, origin, clientId, { kind: 'error', label: 'a timeout' });
        reject(signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      });
    });
  }

  private buildAnswer(spec: DashAnswer): {
    http: HttpAnswer | null;
    kind: AnswerKind;
    waitMs?: number | null;
    poll?: number | null;
    syncedAtTrue?: number | null;
    label: string;
  } {
    const json = { 'Content-Type': 'application/json' };
    switch (spec.k) {
      case 'ok':
      case 'slow': {
        const poll = spec.k === 'ok' ? spec.poll : undefined;
        const syncedAt = this.t - (spec.k === 'ok' ? (spec.cachedS ?? 0) * 1000 : 0);
        // An origin server with a clock sends Date (RFC 9110): the age of a cached sync is read on it.
        const headers: Record<string, string> = {
          ...json,
          Date: new Date(this.t).toUTCString(),
          ...(poll !== undefined ? { 'X-Poll-Interval': String(poll) } : {}),
        };
        return {
          http: answer(200, headers, JSON.stringify({ ok: true, ordersSynced: 3, syncedAt: new Date(syncedAt).toISOString() })),
          kind: 'success',
          poll: poll ?? null,
          syncedAtTrue: syncedAt,
          label: 'a success',
        };
      }
      case 'login':
        return {
          http: answer(200, { 'Content-Type': 'text/html' }, '<html><form>Sign in</form></html>'),
          kind: 'signed-out',
          label: 'a login page (200 HTML)',
        };
      case 'redirect':
        return { http: answer(0, {}, '', 'opaqueredirect'), kind: 'signed-out', label: 'a redirect' };
      case 'malformed':
        return { http: answer(200, json, '{"ok": tru'), kind: 'error', label: 'malformed JSON' };
      case 'neterr':
        return { http: null, kind: 'error', label: 'a network error' };
      case 'status': {
        const kind: AnswerKind = spec.status === 401 ? 'signed-out' : spec.status === 403 ? 'forbidden' : 'error';
        return { http: answer(spec.status, json, JSON.stringify({ error: `HTTP ${spec.status}` })), kind, label: `HTTP ${spec.status}` };
      }
      case '429': {
        const headers = { ...json, ...this.rateHeaders(spec.h, spec.s, spec.bad) };
        const waitMs = contractWaitMs(headers, this.s()); // absolute forms read against the clock the engine has
        return {
          http: answer(429, headers, JSON.stringify({ error: 'Too many requests' })),
          kind: 'rate-limited',
          waitMs,
          label: `a 429 (${describeHeaders(headers)})`,
        };
      }
    }
  }

  rateHeaders(h: RateHeader, seconds: number, bad = 'wait 10'): Record<string, string> {
    switch (h) {
      case 'none':
        return {};
      case 'ra-s':
        return { 'Retry-After': String(seconds) };
      case 'ra-neg':
        return { 'Retry-After': String(-seconds) };
      case 'ra-date':
        return { 'Retry-After': new Date(this.t + seconds * 1000).toUTCString() };
      case 'ra-bad':
        return { 'Retry-After': bad };
      case 'reset':
        return { 'X-Toast-RateLimit-Reset': String(Math.ceil((this.t + seconds * 1000) / 1000)) };
    }
  }

  private fireAlarm(name: string): void {
    this.trace(`alarm fires (scheduled ${rel(this.alarms.get(name), this.s())})`);
    this.alarms.delete(name);
    const w = this.wake();
    if (w !== null) this.deliver(w, 'onAlarm', (x) => x.engine.onAlarm());
  }

  // ---- what commands do ----

  alarmEarly(): void {
    const first = [...this.alarms.keys()][0];
    if (first !== undefined) this.fireAlarm(first);
  }

  alarmStray(): void {
    const w = this.wake();
    if (w !== null) this.deliver(w, 'onAlarm(stray)', (x) => x.engine.onAlarm());
  }

  syncNow(trigger: 'manual' | 'shortcut'): void {
    const w = this.wake();
    if (w === null) return;
    this.oracle.explicitStarted(w.id);
    this.deliver(w, 'syncNow', (x) =>
      x.engine.syncNow(trigger).finally(() => {
        if (!x.dead) this.oracle.explicitEnded(x.id);
      }),
    );
  }

  setContext(clientId: string | null, isAdmin: boolean | null): void {
    const clientName = clientId === null ? null : `Client ${clientId}`;
    this.oracle.setFacts({ contextClientId: clientId, contextClientName: clientName, isAdmin }, 'context');
    const w = this.wake();
    if (w !== null) this.deliver(w, 'setContext', (x) => x.engine.setContext({ clientId, clientName, isAdmin }));
  }

  setPaused(paused: boolean): void {
    this.oracle.setFacts({ userPaused: paused });
    const w = this.wake();
    if (w !== null) this.deliver(w, paused ? 'pause' : 'resume', (x) => (paused ? x.engine.pause() : x.engine.resume()));
  }

  setNetwork(online: boolean): void {
    this.online = online;
    this.oracle.setFacts({ online });
    // The DOM event reaches a live worker only; it starts none.
    const w = this.worker;
    if (w !== null && !w.dead && this.running) this.track(w, w.engine.setOnline(online), 'setOnline');
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.oracle.setFacts({ locked });
    const w = this.wake();
    if (w !== null) this.deliver(w, 'setScreenLocked', (x) => x.engine.setScreenLocked(locked));
  }

  changeSettings(patch: Partial<Settings>): void {
    const previous = { ...this.settings };
    const next = { ...this.settings, ...patch };
    this.settings = next;
    this.oracle.setFacts(
      {
        intervalSeconds: next.intervalSeconds,
        pinnedClientId: next.pinnedClientId,
        pauseWhenLocked: next.pauseWhenLocked,
        origin: originOf(next),
      },
      'settings',
    );
    const w = this.wake();
    if (w !== null) this.deliver(w, 'settingsChanged', (x) => x.engine.settingsChanged(previous, next));
  }

  /** The dashboard page's own Sync Now, seen through webRequest (started, then completed). */
  pageSync(status: number, h: RateHeader, seconds: number, client: 'current' | 'other' | 'unreadable', latencyMs: number): void {
    const w = this.wake();
    if (w === null) return;
    this.stats.pageSyncs++;
    const origin = originOf(this.settings);
    const url = `${origin}${SYNC_PATH}`;
    const requestId = `page-${this.seq}`;
    const current = this.oracle.client();
    const clientId = client === 'current' ? current : client === 'other' ? 'c-other' : null;
    const bytes = clientId === null ? null : new TextEncoder().encode(JSON.stringify({ clientId })).buffer;
    this.deliver(w, 'webRequest.onBeforeRequest', (x) =>
      x.observer.started({
        requestId,
        url,
        method: 'POST',
        tabId: 7,
        timeStamp: this.s(),
        initiator: origin,
        requestBody: bytes === null ? { raw: [] } : { raw: [{ bytes }] },
      }),
    );
    this.schedule(this.t + latencyMs, () => {
      if (!this.running) return;
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        ...(status === 429 ? this.rateHeaders(h, seconds) : {}),
      };
      const waitMs = status === 429 ? contractWaitMs(headers, this.s()) : null;
      this.trace(`the page's own sync completes: ${status} ${JSON.stringify(headers)}`);
      this.oracle.pageSynced(origin, status, waitMs, clientId);
      const woken = this.wake(origin === originOf(this.settings));
      if (woken === null) return;
      this.deliver(woken, 'pageSync', (x) =>
        x.observer.completed({
          requestId,
          url,
          method: 'POST',
          tabId: 7,
          statusCode: status,
          timeStamp: this.s(),
          initiator: origin,
          responseHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })),
        }),
      );
    });
  }

  /**
   * `force`: stop it even with a request in flight (Chromium's 30 s fetch limit, a crash, a test's
   * stopAllWorkers), but not in the middle of handling a message: first let storage and alarm
   * replies under way arrive (a kill there would lose the message itself, which no engine can
   * survive and the page re-sends anyway). Without `force`: only an idle worker.
   */
  async killWorker(force: boolean): Promise<void> {
    const w = this.worker;
    if (w === null || w.dead) return;
    if (!force) {
      if (w.pending === 0) this.kill(w, false);
      return;
    }
    await this.settleMessages(w);
    if (!w.dead && w.portOps === 0 && w.deliveries === 0) this.kill(w, w.pending > 0);
  }

  /**
   * The browser closes (between messages, as a shutdown is) and opens again `downMs` later:
   * alarms are gone, storage stays, the worker starts for runtime.onStartup, and the restored
   * dashboard tab's content script reports the page's context again.
   */
  async restartBrowser(downMs: number): Promise<void> {
    const w = this.worker;
    if (w !== null) {
      await this.settleMessages(w);
      this.kill(w, true);
    }
    this.alarms.clear();
    this.running = false;
    this.oracle.setRunning(false);
    await this.runUntil(this.t + downMs);
    this.running = true;
    this.oracle.setRunning(true);
    this.trace('browser starts');
    this.wake(); // runtime.onStartup
    const f = this.oracle.facts;
    if (f.contextClientId !== null || f.isAdmin !== null) this.setContext(f.contextClientId, f.isAdmin);
  }

  /** Lets the storage/alarm replies under way arrive, so no message is lost half-handled. */
  private async settleMessages(w: WorkerInstance): Promise<void> {
    for (let i = 0; i < 200 && (w.portOps > 0 || w.deliveries > 0) && !w.dead; i++) {
      const at = this.queue.find((e) => !e.cancelled)?.at ?? this.t;
      await this.runUntil(at);
    }
  }

  /** The machine sleeps: nothing runs, timers and replies resume afterwards, alarms are late. */
  async sleep(ms: number): Promise<void> {
    // Messages already sent are handled before the machine sleeps.
    if (this.worker !== null) await this.settleMessages(this.worker);
    this.running = false;
    this.oracle.setRunning(false);
    for (const e of this.queue) e.at += ms;
    if (this.worker !== null) {
      this.worker.lastActive += ms;
      this.worker.lastReply += ms;
    }
    this.t += ms;
    this.running = true;
    this.oracle.setRunning(true);
    await this.runUntil(this.t);
  }

  failWrites(n: number): void {
    this.failWritesLeft += n;
  }

  clockJump(ms: number): void {
    this.offset += ms;
    this.oracle.clockJumped(ms);
  }

  corrupt(kind: CorruptKind): void {
    const raw = this.storedRaw();
    const r = (typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>) } : { version: 1 }) as Record<
      string,
      unknown
    >;
    const day = 24 * 3600_000;
    switch (kind) {
      case 'retry-10-days':
        r.retryNotBefore = this.s() + 10 * day;
        break;
      case 'next-10-days':
        r.nextAttemptAt = this.s() + 10 * day;
        break;
      case 'foreign-lease-far':
        r.lease = { owner: 'someone-else', expiresAt: this.s() + 10 * day };
        break;
      case 'attempt-garbage':
        r.consecutiveFailures = -7;
        break;
      case 'history-garbage':
        r.history = [...(Array.isArray(r.history) ? (r.history as unknown[]) : []), { at: 'yesterday-ish', clientId: '' }, 42, null];
        break;
      case 'status-garbage':
        r.status = 'exploded';
        r.lastSyncAt = 'not a time';
        break;
    }
    this.local.set(SYNC_STATE_KEY, JSON.stringify(r));
    this.oracle.corrupted();
  }

  async advance(ms: number): Promise<void> {
    await this.runUntil(this.t + ms);
  }
}

export const CORRUPT_KINDS = [
  'retry-10-days',
  'next-10-days',
  'foreign-lease-far',
  'attempt-garbage',
  'history-garbage',
  'status-garbage',
] as const;
export type CorruptKind = (typeof CORRUPT_KINDS)[number];

function rel(when: unknown, now: number): string {
  if (typeof when !== 'number') return String(when);
  const d = when - now;
  return `${d >= 0 ? '+' : ''}${(d / 1000).toFixed(1)}s`;
}

function describeHeaders(headers: Record<string, string>): string {
  const parts = Object.entries(headers)
    .filter(([k]) => k !== 'Content-Type')
    .map(([k, v]) => `${k}: ${v}`);
  return parts.length === 0 ? 'no header' : parts.join(', ');
}
