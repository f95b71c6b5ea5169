/**
 * The next sync, as a `chrome.alarms` one-shot (survives the worker's death) plus, for steps
 * shorter than packed builds' 30 s alarm minimum, a timer in the live worker.
 */

import { ALARM_MIN_DELAY_MS, SYNC_ALARM } from '../shared/constants.ts';
import type { TimerPort } from './sync-request.ts';

export interface AlarmPort {
  get(name: string): Promise<{ scheduledTime: number } | undefined>;
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
}

export interface Scheduler {
  /** Replaces whatever was scheduled. */
  at(when: number): Promise<void>;
  clear(): Promise<void>;
  /**
   * Keeps a pending alarm as it is (re-arming the live timer); creates one at `when` if none
   * exists, if the pending one is later than `notAfter`, or if it is already due: a due alarm
   * is as good as gone, since it fires (and is removed) at once, maybe into this very worker.
   */
  ensure(when: number, notAfter?: number): Promise<'kept' | 'created'>;
}

export function createScheduler(ports: { alarms: AlarmPort; timers: TimerPort; now: () => number; onTimer: () => void }): Scheduler {
  let timer: unknown = null;

  function clearTimer(): void {
    if (timer !== null) ports.timers.clear(timer);
    timer = null;
  }

  function armTimer(when: number): void {
    clearTimer();
    const delay = when - ports.now();
    if (delay < ALARM_MIN_DELAY_MS) {
      timer = ports.timers.set(
        () => {
          timer = null;
          ports.onTimer();
        },
        Math.max(0, delay),
      );
    }
  }

  return {
    async at(when) {
      armTimer(when);
      await ports.alarms.create(SYNC_ALARM, { when });
    },
    async clear() {
      clearTimer();
      await ports.alarms.clear(SYNC_ALARM);
    },
    async ensure(when, notAfter = Infinity) {
      const existing = await ports.alarms.get(SYNC_ALARM);
      if (existing !== undefined && existing.scheduledTime <= notAfter && existing.scheduledTime > ports.now()) {
        armTimer(existing.scheduledTime);
        return 'kept';
      }
      await this.at(when);
      return 'created';
    },
  };
}
