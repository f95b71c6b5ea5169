/**
 * A discrete-event world: a virtual clock and the queue of everything due on it. Every design
 * under test lives in one, so a simulated hour costs only the work done in it.
 */

import { EventQueue, type QueuedEvent } from './event-queue.ts';

/**
 * How the world lets promise chains finish before the clock moves on.
 * - `none`: the code under test is plain callbacks (the in-page `seed` and naive pollers); nothing to wait for.
 * - `per-instant`: one macrotask after all the events of one virtual instant. Enough when every
 *   port settles in microtasks (a macrotask runs only once the microtask queue is empty), which
 *   the extension's in-memory ports do.
 * - `per-event`: four macrotasks after every event, as the first version of this bench did. Slow;
 *   kept to check that `per-instant` gives the same results (`--verify-settling`).
 */
export type Settling = 'none' | 'per-instant' | 'per-event';

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export type WorldEvent = QueuedEvent;

export class World {
  now: number;
  private readonly queue = new EventQueue();

  constructor(
    start: number,
    private readonly settling: Settling,
  ) {
    this.now = start;
  }

  /** Runs `run` at virtual time `at` (now, if `at` has passed). */
  schedule(at: number, run: () => void): WorldEvent {
    return this.queue.push(at > this.now ? at : this.now, run);
  }

  cancel(event: WorldEvent): void {
    event.cancelled = true;
  }

  /** Runs every event due up to `until`, then leaves the clock at `until`. */
  async runUntil(until: number): Promise<void> {
    if (this.settling !== 'none') await macrotask();
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined || next.at > until) break;
      this.now = next.at;
      if (this.settling === 'per-event') {
        this.queue.pop();
        if (next.cancelled) continue;
        next.run();
        for (let i = 0; i < 4; i++) await macrotask();
        continue;
      }
      // Every event of this instant, including those its events schedule for the same instant.
      let ran = false;
      for (let e = this.queue.peek(); e !== undefined && e.at === this.now; e = this.queue.peek()) {
        this.queue.pop();
        if (e.cancelled) continue;
        e.run();
        ran = true;
      }
      if (ran && this.settling === 'per-instant') await macrotask();
    }
    this.now = until;
  }
}
