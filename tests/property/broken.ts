/**
 * Deliberately broken engines: the real engine with one rule knocked out through its ports.
 * They prove the oracle can fail; each names the violation kind it must be caught by.
 */

import { createEngine, type EnginePorts } from '../../src/background/engine.ts';
import type { HttpAnswer } from '../../src/background/classify.ts';
import { SYNC_STATE_KEY } from '../../src/shared/sync-state.ts';
import type { EngineFactory } from './sim.ts';
import type { ViolationKind } from './oracle.ts';

export interface BrokenEngine {
  name: string;
  what: string;
  caughtAs: ViolationKind[];
  engine: EngineFactory;
}

function withoutRateHeaders(answer: HttpAnswer): HttpAnswer {
  if (answer.status !== 429) return answer;
  return {
    ...answer,
    text: () => answer.text(),
    headers: {
      get: (name: string) => (/^(retry-after|x-toast-ratelimit-reset)$/i.test(name) ? null : answer.headers.get(name)),
    },
  };
}

function mapStored(
  ports: EnginePorts,
  onRead: ((r: Record<string, unknown>) => void) | null,
  onWrite: ((r: Record<string, unknown>) => void) | null,
): EnginePorts {
  return {
    ...ports,
    storage: {
      get: async (key) => {
        const items = await ports.storage.get(key);
        const r = items[SYNC_STATE_KEY];
        if (onRead !== null && typeof r === 'object' && r !== null) onRead(r as Record<string, unknown>);
        return items;
      },
      set: (items) => {
        const r = items[SYNC_STATE_KEY];
        if (onWrite !== null && typeof r === 'object' && r !== null) {
          const copy = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
          onWrite(copy);
          return ports.storage.set({ ...items, [SYNC_STATE_KEY]: copy });
        }
        return ports.storage.set(items);
      },
    },
  };
}

export const BROKEN_ENGINES: BrokenEngine[] = [
  {
    name: 'double-fetch',
    what: 'every sync request is sent twice at once (no single flight)',
    caughtAs: ['single-flight'],
    engine: (ports) =>
      createEngine({
        ...ports,
        fetch: (url, init) => {
          void ports.fetch(url, { ...init, signal: null }).catch(() => undefined);
          return ports.fetch(url, init);
        },
      }),
  },
  {
    name: 'ignore-retry-after',
    what: "a 429's Retry-After and X-Toast-RateLimit-Reset are not read (own backoff only)",
    caughtAs: ['sent-during-429-wait'],
    engine: (ports) => createEngine({ ...ports, fetch: async (url, init) => withoutRateHeaders(await ports.fetch(url, init)) }),
  },
  {
    name: 'reschedule-on-wake',
    what: 'every wake-up forgets the planned next attempt, so any event syncs at once',
    caughtAs: ['too-soon'],
    engine: (ports) =>
      createEngine(
        mapStored(
          ports,
          (r) => {
            r.nextAttemptAt = null;
          },
          null,
        ),
      ),
  },
  {
    name: 'never-reset-attempt',
    what: 'the failure counter never goes back to 0 after a success',
    caughtAs: ['attempt-not-reset'],
    engine: (ports) => {
      let highest = 0;
      return createEngine(
        mapStored(ports, null, (r) => {
          if (typeof r.consecutiveFailures === 'number') {
            highest = Math.max(highest, r.consecutiveFailures);
            r.consecutiveFailures = highest;
          }
        }),
      );
    },
  },
  {
    name: 'ignore-pause',
    what: "the admin's pause is forgotten whenever the record is read",
    caughtAs: ['sent-while-gate-closed'],
    engine: (ports) =>
      createEngine(
        mapStored(
          ports,
          (r) => {
            if (typeof r.pause === 'object' && r.pause !== null) (r.pause as Record<string, unknown>).user = false;
          },
          null,
        ),
      ),
  },
];
