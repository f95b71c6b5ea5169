/**
 * The baseline: one fixed 60 s poller per browser from the moment the admin opens the
 * dashboard. No backoff, no Retry-After, no single flight: it sends whatever came back.
 */

import type { SyncEndpoint } from './dashboard.ts';
import type { Caller } from './traffic-recorder.ts';
import type { World } from './world.ts';

const INTERVAL_MS = 60_000;

export function startNaivePoller(world: World, endpoint: SyncEndpoint, caller: Caller): void {
  const tick = (): void => {
    endpoint.request(caller, () => undefined);
    world.schedule(world.now + INTERVAL_MS, tick);
  };
  tick();
}
