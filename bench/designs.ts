/**
 * The three designs compared, each able to put a planned fleet into a world:
 * - extension: this project's engine, one per browser (extension-browser.ts);
 * - seed: the in-page design, polling from the dashboard page, one poller per dashboard tab (seed-poller.ts);
 * - naive: a fixed 60 s poller per browser (naive-poller.ts).
 */

import type { SyncEndpoint } from './dashboard.ts';
import { installExtension } from './extension-browser.ts';
import type { PlannedBrowser } from './fleet-plan.ts';
import { startNaivePoller } from './naive-poller.ts';
import { keyedUnit, seededRandom } from './random.ts';
import { SeedTab } from './seed-poller.ts';
import { POLLERS_PER_BROWSER } from './traffic-recorder.ts';
import type { Settling, World } from './world.ts';

export type DesignName = 'extension' | 'seed' | 'naive';

export interface Design {
  name: DesignName;
  /** How the world must let this design's promise chains settle (world.ts). */
  settling: Settling;
  /** Installs the fleet; admins open the dashboard at their planned times. */
  launch(world: World, dashboard: SyncEndpoint, fleet: readonly PlannedBrowser[], seed: number): void;
}

/**
 * Which of a browser's dashboard tabs are visible (`document.hidden` false), hence polling:
 * - `active-tab`: the tabs share one window, so only the active one is visible; each newly
 *   opened tab becomes the active one and the admin does not switch back. Chromium marks
 *   background tabs hidden, so this is the usual case.
 * - `all-tabs`: every tab visible (tabs in separate, unoccluded windows): the upper bound.
 */
export type SeedVisibility = 'active-tab' | 'all-tabs';

export const SEED_VISIBILITY_TEXT: Record<SeedVisibility, string> = {
  'active-tab':
    "only each browser's active dashboard tab is visible (its tabs share one window; each new tab becomes the active one; background tabs are document.hidden, so their ticks are skipped)",
  'all-tabs': 'every open dashboard tab is visible (separate, unoccluded windows): an upper bound',
};

const DRAW = { engineRandom: 21, tabRandom: 22 };

/** A per-browser (or per-tab) random stream, fixed by the run's seed. */
const streamFor = (seed: number, tag: number, id: number): (() => number) => seededRandom(Math.floor(keyedUnit(seed, tag, id) * 2 ** 32));

/**
 * `fast`: promises settle once per virtual instant and storage hands out frozen records;
 * `reference`: settled after every event, storage copies, as the first version of this bench
 * did. They must give the same traffic (`--verify`); only `fast` is quick enough for a fleet.
 */
export function extensionDesign(mode: 'fast' | 'reference' = 'fast'): Design {
  return {
    name: 'extension',
    settling: mode === 'fast' ? 'per-instant' : 'per-event',
    launch(world, dashboard, fleet, seed) {
      for (const b of fleet) {
        const engine = installExtension(
          world,
          dashboard,
          { browser: b.id, poller: b.id * POLLERS_PER_BROWSER },
          {
            random: streamFor(seed, DRAW.engineRandom, b.id),
            storage: mode === 'fast' ? 'frozen' : 'copy',
          },
        );
        // The dashboard page announces the admin's client (src/content's context feed).
        world.schedule(b.opensAt, () => void engine.setContext({ clientId: b.clientId, clientName: null, isAdmin: true }));
      }
    },
  };
}

export function seedDesign(visibility: SeedVisibility): Design {
  return {
    name: 'seed',
    settling: 'none',
    launch(world, dashboard, fleet, seed) {
      for (const b of fleet) {
        let activeTab = 0;
        b.tabsOpenAt.forEach((openAt, tab) => {
          const poller = b.id * POLLERS_PER_BROWSER + tab;
          const visible = visibility === 'all-tabs' ? () => true : () => activeTab === tab;
          const seedTab = new SeedTab(
            world,
            dashboard,
            { browser: b.id, poller, clientId: b.clientId },
            streamFor(seed, DRAW.tabRandom, poller),
            visible,
          );
          world.schedule(openAt, () => {
            activeTab = tab;
            seedTab.mount();
          });
        });
      }
    },
  };
}

export const naiveDesign: Design = {
  name: 'naive',
  settling: 'none',
  launch(world, dashboard, fleet) {
    for (const b of fleet) {
      world.schedule(b.opensAt, () =>
        startNaivePoller(world, dashboard, { browser: b.id, poller: b.id * POLLERS_PER_BROWSER, clientId: b.clientId }),
      );
    }
  },
};
