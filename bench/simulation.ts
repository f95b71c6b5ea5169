/**
 * A discrete-event world for the engine: a virtual clock, an event queue, and per-browser
 * in-memory storage, alarms (fired at their time, or clamped to 30 s like packed builds) and
 * timers. The engine runs in it unchanged: this is what "the core takes its ports" buys.
 */

import './build-defines.ts';
import { setImmediate as drain } from 'node:timers/promises';
import { createEngine, type Engine, type EnginePorts } from '../src/background/engine.ts';
import type { HttpAnswer } from '../src/background/classify.ts';
import { seededRandom } from './random.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/shared/settings.ts';
import { parseSyncState, SYNC_STATE_KEY, type SyncState } from '../src/shared/sync-state.ts';

interface Event {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export class World {
  now: number;
  private queue: Event[] = [];
  private seq = 0;

  constructor(start: number) {
    this.now = start;
  }

  schedule(at: number, run: () => void): Event {
    const event = { at: Math.max(at, this.now), seq: this.seq++, run, cancelled: false };
    // Binary insertion keeps the queue ordered by (time, arrival).
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.queue[mid] as Event;
      if (e.at < event.at || (e.at === event.at && e.seq < event.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, event);
    return event;
  }

  /** Runs every event up to `until`, letting promise chains settle after each. */
  async runUntil(until: number): Promise<void> {
    await drain();
    for (;;) {
      const next = this.queue[0];
      if (next === undefined || next.at > until) break;
      this.queue.shift();
      if (next.cancelled) continue;
      this.now = next.at;
      next.run();
      // Storage, fetch and engine steps are promise chains: let them all finish.
      for (let i = 0; i < 4; i++) await drain();
    }
    this.now = until;
  }
}

export interface ServerAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  latencyMs: number;
}

export type Server = (request: { browser: number; clientId: string; at: number }) => ServerAnswer;

export interface SimBrowser {
  id: number;
  engine: Engine;
  state(): SyncState;
}

/** One simulated browser with the extension installed. */
export function simulateBrowser(
  world: World,
  id: number,
  server: Server,
  options: { settings?: Partial<Settings>; packedAlarms?: boolean } = {},
): SimBrowser {
  const storage = new Map<string, unknown>();
  const alarms = new Map<string, Event & { scheduledTime: number }>();
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  let engine: Engine | null = null;

  const ports: EnginePorts = {
    now: () => world.now,
    // Seeded, so runs repeat exactly.
    random: seededRandom(id + 1),
    fetch: (_url, init) =>
      new Promise<HttpAnswer>((resolve) => {
        const { clientId } = JSON.parse(init.body as string) as { clientId: string };
        const answer = server({ browser: id, clientId, at: world.now });
        world.schedule(world.now + answer.latencyMs, () =>
          resolve(
            new Response(answer.body === undefined ? '{}' : JSON.stringify(answer.body), {
              status: answer.status,
              headers: { 'Content-Type': 'application/json', ...answer.headers },
            }),
          ),
        );
      }),
    timers: {
      set: (callback, ms) => world.schedule(world.now + ms, callback),
      clear: (handle) => {
        (handle as Event).cancelled = true;
      },
    },
    storage: {
      get: (key) => Promise.resolve(storage.has(key) ? { [key]: structuredClone(storage.get(key)) } : {}),
      set: (items) => {
        for (const [k, v] of Object.entries(items)) storage.set(k, structuredClone(v));
        return Promise.resolve();
      },
    },
    alarms: {
      get: (name) => {
        const alarm = alarms.get(name);
        return Promise.resolve(alarm === undefined || alarm.cancelled ? undefined : { scheduledTime: alarm.scheduledTime });
      },
      create: (name, { when }) => {
        const previous = alarms.get(name);
        if (previous !== undefined) previous.cancelled = true;
        // Packed (store) builds: Chromium delays an alarm to at least 30 s from now.
        const at = options.packedAlarms === true ? Math.max(when, world.now + 30_000) : when;
        const event = world.schedule(at, () => {
          alarms.delete(name);
          void engine?.onAlarm();
        }) as Event & { scheduledTime: number };
        event.scheduledTime = at;
        alarms.set(name, event);
      },
      clear: (name) => {
        const alarm = alarms.get(name);
        if (alarm !== undefined) alarm.cancelled = true;
        return Promise.resolve(alarms.delete(name));
      },
    },
    settings: () => Promise.resolve(settings),
    isOnline: () => true,
    onStateChange: () => undefined,
  };
  engine = createEngine(ports);
  return { id, engine, state: () => parseSyncState(storage.get(SYNC_STATE_KEY)) };
}
