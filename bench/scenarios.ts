/**
 * The scenarios every design runs, on one timeline: admins open the dashboard over the first
 * minute, the fleet settles for a warm-up, then the scenario's fault (if any) starts.
 */

export const START = Date.UTC(2026, 10, 24, 9, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60_000;

/** What the dashboard answers instead of syncing while a fault is on. */
export type Fault = { status: 503 } | { status: 429; retryAfterSeconds: number };

export interface Scenario {
  name: string;
  minutes: number;
  /** The fault in force at virtual time `at`, or null when the dashboard is healthy. */
  fault: (at: number) => Fault | null;
  /** When there is one, the fault's window: [from, to). */
  faultWindow: { from: number; to: number } | null;
}

export interface Timeline {
  /** Minutes before any fault: admins open the dashboard in the first one, then the fleet settles. */
  warmUp: number;
  /** Length of the healthy run; its rate is measured from the end of the warm-up to here. */
  steady: number;
  /** Kept after the outage to see every browser recover. */
  afterOutage: number;
  /** Kept after the storm: its Retry-After (120 s) runs out, then the fleet resumes. */
  afterStorm: number;
  /** The same-client runs: how long the pulls are counted after the warm-up. */
  adminsMeasured: number;
}

export const OUTAGE_MINUTES = 10;
export const STORM_MINUTES = 2;
export const STORM_RETRY_AFTER_SECONDS = 120;

function during(from: number, minutes: number, fault: Fault): Scenario['fault'] {
  const to = from + minutes * MINUTE;
  return (at) => (at >= from && at < to ? fault : null);
}

export function steady(t: Timeline): Scenario {
  return { name: 'steady', minutes: t.steady, fault: () => null, faultWindow: null };
}

export function outage(t: Timeline): Scenario {
  const from = START + t.warmUp * MINUTE;
  return {
    name: 'outage',
    minutes: t.warmUp + OUTAGE_MINUTES + t.afterOutage,
    fault: during(from, OUTAGE_MINUTES, { status: 503 }),
    faultWindow: { from, to: from + OUTAGE_MINUTES * MINUTE },
  };
}

export function storm(t: Timeline): Scenario {
  const from = START + t.warmUp * MINUTE;
  return {
    name: '429 storm',
    minutes: t.warmUp + STORM_MINUTES + t.afterStorm,
    fault: during(from, STORM_MINUTES, { status: 429, retryAfterSeconds: STORM_RETRY_AFTER_SECONDS }),
    faultWindow: { from, to: from + STORM_MINUTES * MINUTE },
  };
}

/** One client and `admins` browsers on it, healthy. */
export function sameClient(t: Timeline, admins: number): Scenario {
  return { name: `${admins} admins, one client`, minutes: t.warmUp + t.adminsMeasured, fault: () => null, faultWindow: null };
}
