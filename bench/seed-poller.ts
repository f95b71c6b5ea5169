/**
 * The in-page design (`seed` in the reports): the dashboard page polls by itself, from a React
 * context (a `SyncContext`) in every dashboard tab, one poller per tab:
 * - syncs once when the tab mounts, then `setInterval` every 60 s;
 * - a tick while the tab is hidden does nothing (`document.hidden`);
 * - `isSyncing` (a ref, so per tab) skips a tick while this tab's sync is under way;
 * - a 429 waits `Retry-After` seconds if given, else `min(1000·2^attempt, 32000)` ms plus
 *   0–1000 ms of jitter, then retries; the sync is still under way meanwhile, so ticks are
 *   skipped; the attempt count resets on success;
 * - any other failure (5xx, network) just ends the sync: the next tick comes 60 s later.
 * Plain callbacks on the world's clock: nothing here needs promises to settle.
 */

import type { DashboardAnswer, SyncEndpoint } from './dashboard.ts';
import type { Caller } from './traffic-recorder.ts';
import type { World } from './world.ts';

const INTERVAL_MS = 60_000;

export class SeedTab {
  private isSyncing = false;
  private attempt = 0;

  constructor(
    private readonly world: World,
    private readonly endpoint: SyncEndpoint,
    private readonly caller: Caller,
    private readonly random: () => number,
    private readonly isVisible: () => boolean,
  ) {}

  /** The provider mounts: one sync now, then the interval. */
  mount(): void {
    this.performSync();
    this.world.schedule(this.world.now + INTERVAL_MS, () => this.tick());
  }

  private tick(): void {
    this.world.schedule(this.world.now + INTERVAL_MS, () => this.tick());
    if (this.isVisible()) this.performSync();
  }

  private performSync(): void {
    if (this.isSyncing) return;
    this.isSyncing = true;
    this.send();
  }

  private send(): void {
    this.endpoint.request(this.caller, (answer) => this.onAnswer(answer));
  }

  private onAnswer(answer: DashboardAnswer): void {
    if (answer.status === 429) {
      const retryAfter = Number.parseInt(answer.headers.get('retry-after') ?? '', 10);
      const waitMs = Number.isFinite(retryAfter)
        ? retryAfter * 1000
        : Math.min(1000 * 2 ** this.attempt, 32_000) + Math.floor(this.random() * 1000);
      this.attempt++;
      this.world.schedule(this.world.now + waitMs, () => this.send());
      return;
    }
    if (answer.status >= 200 && answer.status < 300) this.attempt = 0;
    this.isSyncing = false;
  }
}
