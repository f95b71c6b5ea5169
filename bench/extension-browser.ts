/**
 * One browser with this project's extension installed: the real engine (`createEngine`),
 * unchanged, on in-memory ports wired to the world's virtual clock. Alarms are clamped to
 * ≥ 30 s as in packed (store) builds, timers are world events, randomness is seeded per
 * browser, and `fetch` goes to the simulated dashboard.
 */

import './build-defines.ts';
import { createEngine, type Engine, type EnginePorts } from '../src/background/engine.ts';
import type { HttpAnswer } from '../src/background/classify.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/shared/settings.ts';
import type { SyncEndpoint } from './dashboard.ts';
import { toHttpAnswer } from './http-answer.ts';
import type { Caller } from './traffic-recorder.ts';
import type { World, WorldEvent } from './world.ts';

/** Chromium delays a packed build's alarm to at least 30 s from its creation. */
const PACKED_ALARM_MIN_MS = 30_000;

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, intervalSeconds: 60 };

/**
 * How storage hands values back.
 * - `copy`: a fresh copy on every read and write, as chrome.storage does.
 * - `frozen`: the written value itself, deeply frozen. The engine never changes a record in
 *   place (every change builds a new one), so it cannot tell the difference, and should it
 *   ever try, the frozen record throws. Copying the 8 KB record (50 history entries) was a
 *   third of the bench's CPU. `--verify` checks that both give the same traffic.
 */
export type StorageValues = 'copy' | 'frozen';

function deepFreeze<T>(value: T): T {
  // Already frozen: written before (a history entry carried over), its children too.
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

function memoryStorage(values: StorageValues): EnginePorts['storage'] {
  const stored = new Map<string, unknown>();
  const keep = values === 'copy' ? <T>(v: T): T => structuredClone(v) : deepFreeze;
  const give = values === 'copy' ? <T>(v: T): T => structuredClone(v) : <T>(v: T): T => v;
  return {
    get: (key) => Promise.resolve(stored.has(key) ? { [key]: give(stored.get(key)) } : {}),
    set: (items) => {
      for (const [k, v] of Object.entries(items)) stored.set(k, keep(v));
      return Promise.resolve();
    },
  };
}

export function installExtension(
  world: World,
  dashboard: SyncEndpoint,
  caller: Omit<Caller, 'clientId'>,
  options: { random: () => number; storage: StorageValues },
): Engine {
  const alarms = new Map<string, { event: WorldEvent; scheduledTime: number }>();
  let engine: Engine | null = null;

  const ports: EnginePorts = {
    now: () => world.now,
    random: options.random,
    fetch: (_url, init) =>
      new Promise<HttpAnswer>((resolve, reject) => {
        const { clientId } = JSON.parse(init.body as string) as { clientId: string };
        // The engine aborts a request at its timeout; a real fetch then rejects.
        const signal = init.signal;
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        dashboard.request({ ...caller, clientId }, (answer) => resolve(toHttpAnswer(answer)));
      }),
    timers: {
      set: (callback, ms) => world.schedule(world.now + ms, callback),
      clear: (handle) => world.cancel(handle as WorldEvent),
    },
    storage: memoryStorage(options.storage),
    alarms: {
      get: (name) => {
        const alarm = alarms.get(name);
        return Promise.resolve(alarm === undefined ? undefined : { scheduledTime: alarm.scheduledTime });
      },
      create: (name, { when }) => {
        const previous = alarms.get(name);
        if (previous !== undefined) world.cancel(previous.event);
        const at = Math.max(when, world.now + PACKED_ALARM_MIN_MS);
        const event = world.schedule(at, () => {
          alarms.delete(name);
          void engine?.onAlarm();
        });
        alarms.set(name, { event, scheduledTime: at });
      },
      clear: (name) => {
        const alarm = alarms.get(name);
        if (alarm !== undefined) world.cancel(alarm.event);
        return Promise.resolve(alarms.delete(name));
      },
    },
    settings: () => Promise.resolve(SETTINGS),
    isOnline: () => true,
    onStateChange: () => undefined,
  };
  engine = createEngine(ports);
  return engine;
}
