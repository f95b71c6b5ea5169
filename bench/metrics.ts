/**
 * The figures a dashboard owner asks of a design, from its runs. Ratios compare a design with
 * its own healthy run over the same minutes, so each design is judged against its own normal.
 */

import type { RunResult } from './run-scenario.ts';
import { MINUTE, OUTAGE_MINUTES, START, type Timeline } from './scenarios.ts';
import { percentile } from './stats.ts';

export interface DesignRuns {
  steady: RunResult;
  outage: RunResult;
  storm: RunResult;
  /** Same-client runs by number of admins. */
  sameClient: Map<number, RunResult>;
}

export interface Ratio {
  value: number;
  of: number;
  to: number;
}

export interface DesignFigures {
  healthyPerBrowserHour: number;
  /** Requests per browser during the outage ÷ in the same 10 minutes of the steady run. */
  outageLoad: Ratio;
  /** Busiest second during the outage ÷ busiest second in the same 10 minutes of the steady run. */
  outageBusiestSecond: Ratio;
  /** Seconds from the outage's end to each browser's first success (Infinity: none in the run). */
  recoveryP50: number;
  recoveryP95: number;
  insideRetryAfterPerPoller: number;
  insideRetryAfterPerBrowser: number;
  rateLimitedAnswers: number;
  /** Toast pulls per 60 s on the one client, by number of admins. */
  pullsPerInterval: Map<number, number>;
  /** Age of the data each success carried, with 50 admins on the one client: p50 and p95, seconds. */
  dataAgeP50: number;
  dataAgeP95: number;
  /** Healthy: the busiest second ÷ the average second (how bunched the requests are). */
  healthyBurst: Ratio;
  /** The busiest second during the outage ÷ the average healthy second: one base for every design. */
  outageBusiestVsAverage: Ratio;
  cpuMsPerBrowserHour: number;
}

const ratio = (of: number, to: number): Ratio => ({ value: of / to, of, to });

export function designFigures(runs: DesignRuns, timeline: Timeline, browsers: number): DesignFigures {
  const healthyFrom = START + timeline.warmUp * MINUTE;
  const healthyHours = (timeline.steady - timeline.warmUp) / 60;
  const outageFrom = healthyFrom;
  const outageTo = outageFrom + OUTAGE_MINUTES * MINUTE;
  const seconds = Array.from(runs.outage.recorder.firstSuccessAfter, (ms) => ms / 1000);

  const pullsPerInterval = new Map<number, number>();
  for (const [admins, run] of runs.sameClient) {
    const counted = run.pullsPerMinute.slice(timeline.warmUp, timeline.warmUp + timeline.adminsMeasured);
    pullsPerInterval.set(admins, counted.reduce((a, b) => a + b, 0) / timeline.adminsMeasured);
  }

  const all = [runs.steady, runs.outage, runs.storm, ...runs.sameClient.values()];
  const healthyTo = START + timeline.steady * MINUTE;
  const fifty = runs.sameClient.get(50)?.recorder;
  const averageSecond = runs.steady.recorder.sentBetween(healthyFrom, healthyTo) / ((healthyTo - healthyFrom) / 1000);
  return {
    healthyPerBrowserHour: runs.steady.recorder.sentBetween(healthyFrom, START + timeline.steady * MINUTE) / browsers / healthyHours,
    outageLoad: ratio(
      runs.outage.recorder.sentBetween(outageFrom, outageTo) / browsers,
      runs.steady.recorder.sentBetween(outageFrom, outageTo) / browsers,
    ),
    outageBusiestSecond: ratio(
      runs.outage.recorder.busiestSecond(outageFrom, outageTo),
      runs.steady.recorder.busiestSecond(outageFrom, outageTo),
    ),
    recoveryP50: percentile(seconds, 50),
    recoveryP95: percentile(seconds, 95),
    insideRetryAfterPerPoller: runs.storm.recorder.insideRetryAfterPerPoller,
    insideRetryAfterPerBrowser: runs.storm.recorder.insideRetryAfterPerBrowser,
    rateLimitedAnswers: runs.storm.recorder.rateLimited,
    pullsPerInterval,
    dataAgeP50: fifty?.dataAgePercentile(50) ?? NaN,
    dataAgeP95: fifty?.dataAgePercentile(95) ?? NaN,
    healthyBurst: ratio(runs.steady.recorder.busiestSecond(healthyFrom, healthyTo), averageSecond),
    outageBusiestVsAverage: ratio(runs.outage.recorder.busiestSecond(outageFrom, outageTo), averageSecond),
    cpuMsPerBrowserHour: all.reduce((a, r) => a + r.cpuMs, 0) / all.reduce((a, r) => a + r.browserHours, 0),
  };
}
