/**
 * A simulated browser for the engine: fake-browser's storage and alarms, Vitest's fake
 * clock and timers, and a scripted `fetch`. `advance()` plays Chromium's part by firing the
 * sync alarm when its time comes.
 */

import { vi, type MockInstance } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createEngine, type Engine, type EnginePorts } from '../../src/background/engine.ts';
import type { HttpAnswer } from '../../src/background/classify.ts';
import { SYNC_ALARM } from '../../src/shared/constants.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { parseSyncState, SYNC_STATE_KEY, type DashboardContext } from '../../src/shared/sync-state.ts';
import { syncView, type SyncView } from '../../src/shared/sync-view.ts';

export const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

export interface SentRequest {
  at: number;
  url: string;
  init: RequestInit;
  body: unknown;
}

export type Responder = (request: SentRequest, index: number) => HttpAnswer | Promise<HttpAnswer>;

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function textAnswer(status: number, body: string, contentType = 'text/html', headers: Record<string, string> = {}): HttpAnswer {
  return new Response(body, { status, headers: { 'Content-Type': contentType, ...headers } });
}

/** What `fetch(..., {redirect: 'manual'})` gives for a 302 to /login. */
export function opaqueRedirect(): HttpAnswer {
  return { status: 0, type: 'opaqueredirect', redirected: false, headers: new Headers(), text: () => Promise.resolve('') };
}

export const ADMIN_CONTEXT: DashboardContext = { clientId: 'c1', clientName: "Bella's Bistro", isAdmin: true };

export interface Harness {
  engine: Engine;
  requests: SentRequest[];
  settings: Settings;
  respond(responder: Responder): void;
  setOnline(online: boolean): void;
  setDashboardTabOpen(open: boolean): void;
  /** Advance the clock, firing live timers and (like Chromium) the alarm when due. */
  advance(ms: number): Promise<void>;
  alarmTime(): Promise<number | undefined>;
  state(): Promise<SyncView>;
  /** The worker is stopped: its timers are gone and its callbacks never run. */
  kill(): void;
  /** Kill, then a new engine on the same storage and alarms: the worker woke again. */
  restart(): Harness;
  portsUsed: EnginePorts;
}

/** Lets every pending promise chain run (storage round trips, the engine's awaits). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
}

export function startClock(at = T0): void {
  vi.useFakeTimers({ now: at, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

export function createHarness(
  options: { settings?: Partial<Settings>; random?: () => number; onStateChange?: EnginePorts['onStateChange'] } = {},
): Harness {
  const requests: SentRequest[] = [];
  let responder: Responder = () => jsonAnswer(200, { ordersSynced: 3, syncedAt: new Date().toISOString() });
  let online = true;
  let dashboardTabOpen = true;
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings };

  function build(): Harness {
    // This worker instance's live timers: a killed worker loses them, as in Chromium.
    const live = new Set<ReturnType<typeof setTimeout>>();
    let dead = false;
    const ports: EnginePorts = {
      now: () => Date.now(),
      random: options.random ?? (() => 0.5),
      fetch: async (url, init) => {
        const request = { at: Date.now(), url, init, body: JSON.parse(init.body as string) as unknown };
        requests.push(request);
        const signal = init.signal;
        const answer = Promise.resolve(responder(request, requests.length - 1));
        if (signal === undefined || signal === null) return answer;
        return Promise.race([
          answer,
          new Promise<never>((_, reject) => {
            signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          }),
        ]);
      },
      timers: {
        set: (callback, ms) => {
          if (dead) return null;
          const handle = setTimeout(() => {
            live.delete(handle);
            if (!dead) callback();
          }, ms);
          live.add(handle);
          return handle;
        },
        clear: (handle) => {
          live.delete(handle as ReturnType<typeof setTimeout>);
          clearTimeout(handle as ReturnType<typeof setTimeout>);
        },
      },
      storage: {
        get: (key) => fakeBrowser.storage.local.get(key),
        set: (items) => fakeBrowser.storage.local.set(items),
      },
      alarms: {
        get: async (name) => (await fakeBrowser.alarms.get(name)) ?? undefined,
        create: (name, info) => fakeBrowser.alarms.create(name, info),
        clear: (name) => fakeBrowser.alarms.clear(name),
      },
      settings: () => Promise.resolve({ ...settings }),
      isOnline: () => online,
      dashboardTabOpen: () => Promise.resolve(dashboardTabOpen),
      onStateChange: options.onStateChange ?? (() => undefined),
    };
    const engine = createEngine(ports);

    async function alarmTime(): Promise<number | undefined> {
      return (await fakeBrowser.alarms.get(SYNC_ALARM))?.scheduledTime;
    }

    return {
      engine,
      requests,
      settings,
      portsUsed: ports,
      respond(next) {
        responder = next;
      },
      setOnline(value) {
        online = value;
      },
      setDashboardTabOpen(value) {
        dashboardTabOpen = value;
      },
      async advance(ms) {
        const end = Date.now() + ms;
        for (let guard = 0; ; guard++) {
          if (guard > 10_000) throw new Error('advance(): the alarm keeps firing without time passing');
          await flush();
          const due = await alarmTime();
          if (due !== undefined && due <= Date.now()) {
            // Chromium removes a one-shot alarm as it delivers it. Not awaited: the sync it
            // starts may wait on timers that only this loop advances.
            await fakeBrowser.alarms.clear(SYNC_ALARM);
            void engine.onAlarm();
            continue;
          }
          if (Date.now() >= end) break;
          await vi.advanceTimersByTimeAsync(Math.min(end, due ?? end) - Date.now());
        }
        await flush();
      },
      alarmTime,
      /** The record as the badge and the popup see it now: its facts, and the status derived from them. */
      async state() {
        return syncView(parseSyncState((await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY]), settings, Date.now());
      },
      kill() {
        dead = true;
        for (const handle of live) clearTimeout(handle);
        live.clear();
      },
      restart() {
        this.kill();
        return build();
      },
    };
  }
  return build();
}

/** An engine with the admin's client selected and its first sync done. */
export async function selected(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = createHarness(options);
  await h.engine.ready;
  await h.engine.setContext(ADMIN_CONTEXT);
  await h.advance(0);
  return h;
}

/**
 * The next `n` storage writes fail with `message` (a full disk, a quota). The engine logs each
 * failure: the returned spy keeps that out of the output; restore it when done.
 */
export function failNextWrites(h: Harness, n: number, message = 'IO error'): MockInstance<typeof console.error> {
  const { storage } = h.portsUsed;
  const write = storage.set.bind(storage);
  let failures = n;
  storage.set = (items) => (failures-- > 0 ? Promise.reject(new Error(message)) : write(items));
  return vi.spyOn(console, 'error').mockImplementation(() => undefined);
}
