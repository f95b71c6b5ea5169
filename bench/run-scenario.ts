/** One design in one scenario: a fresh world and dashboard, the fleet, the clock run to the end. */

import { Dashboard, DEFAULT_FRESHNESS_MS } from './dashboard.ts';
import type { Design } from './designs.ts';
import type { PlannedBrowser } from './fleet-plan.ts';
import { MINUTE, START, type Scenario } from './scenarios.ts';
import { TrafficRecorder } from './traffic-recorder.ts';
import { World } from './world.ts';

export interface RunResult {
  recorder: TrafficRecorder;
  /** Toast pulls started in each virtual minute. */
  pullsPerMinute: Int32Array;
  cpuMs: number;
  browserHours: number;
}

export async function runScenario(
  design: Design,
  scenario: Scenario,
  fleet: readonly PlannedBrowser[],
  seed: number,
  freshMs: number = DEFAULT_FRESHNESS_MS,
): Promise<RunResult> {
  const world = new World(START, design.settling);
  const recorder = new TrafficRecorder(START, scenario.minutes, fleet.length, scenario.faultWindow?.to ?? null);
  const dashboard = new Dashboard(world, { seed, start: START, minutes: scenario.minutes, fault: scenario.fault, recorder, freshMs });
  const cpu = process.cpuUsage();
  design.launch(world, dashboard, fleet, seed);
  await world.runUntil(START + scenario.minutes * MINUTE);
  const used = process.cpuUsage(cpu);
  return {
    recorder,
    pullsPerMinute: dashboard.pullsPerMinute,
    cpuMs: (used.user + used.system) / 1000,
    browserHours: (fleet.length * scenario.minutes) / 60,
  };
}
