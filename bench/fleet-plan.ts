/**
 * Who is in the fleet, shared by every design so they face the same admins: each browser's
 * client (drawn at random), when its admin opens the dashboard (at random in the first 4 minutes), and for
 * the in-page (`seed`) design how many dashboard tabs it has open and when each was opened.
 */

import { keyedUnit } from './random.ts';
import { MINUTE, SECOND } from './scenarios.ts';

export interface PlannedBrowser {
  id: number;
  clientId: string;
  /** When the admin opens the dashboard (the first tab). */
  opensAt: number;
  /** When each dashboard tab is opened, first to last. */
  tabsOpenAt: number[];
}

/**
 * Dashboard tabs per browser: 60% one, 30% two, 10% three. An assumption (no telemetry):
 * most admins keep one dashboard tab; some open a second for another page (orders beside
 * visits), few a third.
 */
export const TAB_SHARES = [
  { tabs: 1, share: 0.6 },
  { tabs: 2, share: 0.3 },
  { tabs: 3, share: 0.1 },
];
/** Each further tab is opened this long after the one before it. */
const NEXT_TAB_S = { min: 5, max: 30 };

const DRAW = { tabs: 11, nextTab: 12, client: 13, opens: 14 };
/** Admins open the dashboard over this many minutes (the warm-up is 5). */
export const OPENING_MINUTES = 4;

function tabCount(u: number): number {
  let cumulative = 0;
  for (const { tabs, share } of TAB_SHARES) {
    cumulative += share;
    if (u < cumulative) return tabs;
  }
  return TAB_SHARES[TAB_SHARES.length - 1]?.tabs ?? 1;
}

export function planFleet(options: { browsers: number; clients: number; seed: number; start: number }): PlannedBrowser[] {
  const { browsers, clients, seed, start } = options;
  const plan: PlannedBrowser[] = [];
  for (let id = 0; id < browsers; id++) {
    // Admins open the dashboard at random moments over the warm-up, as a morning's arrivals would.
    const opensAt = start + Math.floor(keyedUnit(seed, DRAW.opens, id) * OPENING_MINUTES * MINUTE);
    const tabsOpenAt = [opensAt];
    for (let tab = 1; tab < tabCount(keyedUnit(seed, DRAW.tabs, id)); tab++) {
      const gap = NEXT_TAB_S.min + keyedUnit(seed, DRAW.nextTab, id, tab) * (NEXT_TAB_S.max - NEXT_TAB_S.min);
      tabsOpenAt.push((tabsOpenAt[tab - 1] ?? opensAt) + Math.floor(gap * SECOND));
    }
    // Each client's admins open the dashboard at random moments, so clients are in no phase with one another.
    const client = Math.min(clients - 1, Math.floor(keyedUnit(seed, DRAW.client, id) * clients));
    plan.push({ id, clientId: `client-${client}`, opensAt, tabsOpenAt });
  }
  return plan;
}
