/** The comparison as Markdown (to paste into the README), and the extension's targets. */

import { LATENCY_MS, PULL_MS } from './dashboard.ts';
import { SEED_VISIBILITY_TEXT, type DesignName, type SeedVisibility } from './designs.ts';
import { OPENING_MINUTES, TAB_SHARES } from './fleet-plan.ts';
import type { DesignFigures, Ratio } from './metrics.ts';
import { OUTAGE_MINUTES, STORM_MINUTES, STORM_RETRY_AFTER_SECONDS, type Timeline } from './scenarios.ts';

export const SAME_CLIENT_ADMINS = [1, 10, 50] as const;

const n1 = (x: number): string => x.toFixed(1);
const n2 = (x: number): string => x.toFixed(2);
const secs = (s: number): string => (Number.isFinite(s) ? `${s.toFixed(1)} s` : 'none in the run');
const times = (r: Ratio, digits: (x: number) => string): string => `${n2(r.value)}× (${digits(r.of)} / ${digits(r.to)})`;
const count = (x: number): string => x.toLocaleString('en-US');

/** What was run, above the table: enough to repeat it and to read it. */
export function setupNotes(o: {
  command: string;
  seed: number;
  browsers: number;
  clients: number;
  visibility: SeedVisibility;
  timeline: Timeline;
  freshMs: number;
  /** Why the steady run is shorter than usual, if it is. */
  shortened: string | null;
}): string {
  const t = o.timeline;
  const tabs = TAB_SHARES.map(({ tabs, share }) => `${Math.round(share * 100)}% ${tabs}`).join(', ');
  return [
    '## Fleet benchmark: extension, seed, naive',
    '',
    `\`${o.command}\` · seed ${o.seed} · ${count(o.browsers)} browsers on ${count(o.clients)} clients · Node ${process.version}`,
    '',
    `- Scenarios, in simulated minutes (admins open the dashboard at random moments in the first ${OPENING_MINUTES}; each browser's client is drawn at random): steady ${t.steady}${o.shortened === null ? '' : ` (${o.shortened})`}; ` +
      `outage ${t.warmUp} + ${OUTAGE_MINUTES} of 503 (JSON error, no Retry-After) + ${t.afterOutage}; ` +
      `429 storm ${t.warmUp} + ${STORM_MINUTES} of 429 (Retry-After: ${STORM_RETRY_AFTER_SECONDS}) + ${t.afterStorm}; ` +
      `one client with ${SAME_CLIENT_ADMINS.join(', ')} admins: ${t.warmUp} + ${t.adminsMeasured} counted.`,
    `- Dashboard, the same for every design: caching on (per client one Toast pull at a time, and answers from cache within ${o.freshMs / 1000} s of the last pull); ` +
      `latency ${LATENCY_MS.min}–${LATENCY_MS.max} ms, a Toast pull ${PULL_MS.min}–${PULL_MS.max} ms.`,
    '- extension: the real engine (`createEngine`), interval 60 s, alarms clamped to ≥ 30 s as in packed builds.',
    `- seed: one poller per dashboard tab, tabs per browser ${tabs} (an assumption); visibility: ${SEED_VISIBILITY_TEXT[o.visibility]}.`,
    '- naive: one fixed 60 s poller per browser, no backoff, Retry-After ignored.',
    `- Outage ratios: during the outage ÷ the same ${OUTAGE_MINUTES} minutes (${t.warmUp}–${t.warmUp + OUTAGE_MINUTES}) of the same design's steady run. ` +
      `Healthy rate: minutes ${t.warmUp}–${t.steady} of the steady run. A Retry-After runs from the dashboard's answer; a request inside it counts once its poller (or browser) had been told. ` +
      "CPU: process.cpuUsage around all of a design's runs ÷ their simulated browser-hours.",
  ].join('\n');
}

export function comparisonTable(figures: ReadonlyMap<DesignName, DesignFigures>): string {
  const names = [...figures.keys()];
  const row = (label: string, cell: (f: DesignFigures) => string): string =>
    `| ${label} | ${names.map((name) => cell(figures.get(name) as DesignFigures)).join(' | ')} |`;
  return [
    `| metric | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
    row('requests per browser-hour, healthy', (f) => n1(f.healthyPerBrowserHour)),
    row('load during the 10-min 503 outage: requests per browser in it ÷ in the same 10 min healthy', (f) => times(f.outageLoad, n1)),
    row('busiest second during the outage ÷ busiest second in the same 10 min healthy', (f) => times(f.outageBusiestSecond, String)),
    row('busiest second during the outage ÷ the average healthy second', (f) => times(f.outageBusiestVsAverage, n1)),
    row('first success after the outage ends, per browser: p50 / p95', (f) => `${secs(f.recoveryP50)} / ${secs(f.recoveryP95)}`),
    row('requests sent inside a Retry-After during the 429 storm', (f) =>
      f.insideRetryAfterPerPoller === f.insideRetryAfterPerBrowser
        ? count(f.insideRetryAfterPerPoller)
        : `${count(f.insideRetryAfterPerPoller)} per poller, ${count(f.insideRetryAfterPerBrowser)} per browser`,
    ),
    ...SAME_CLIENT_ADMINS.map((admins) =>
      row(`Toast pulls per client per 60 s, ${admins} admin${admins === 1 ? '' : 's'} on one client`, (f) =>
        n2(f.pullsPerInterval.get(admins) ?? NaN),
      ),
    ),
    row('age of the data an admin gets, 50 admins on one client: p50 / p95', (f) => `${f.dataAgeP50} s / ${f.dataAgeP95} s`),
    row('healthy: busiest second ÷ average second', (f) => times(f.healthyBurst, n1)),
    row('CPU ms per simulated browser-hour', (f) => n2(f.cpuMsPerBrowserHour)),
  ].join('\n');
}

export interface Target {
  text: string;
  actual: string;
  met: boolean;
}

export function extensionTargets(f: DesignFigures): Target[] {
  const pulls50 = f.pullsPerInterval.get(50) ?? NaN;
  return [
    { text: 'outage load ≤ 1.0×', actual: `${n2(f.outageLoad.value)}×`, met: f.outageLoad.value <= 1.0 },
    {
      text: 'busiest second during the outage ≤ 1.2× healthy',
      actual: `${n2(f.outageBusiestSecond.value)}×`,
      met: f.outageBusiestSecond.value <= 1.2,
    },
    {
      text: '0 requests inside a Retry-After',
      actual: count(f.insideRetryAfterPerBrowser),
      met: f.insideRetryAfterPerBrowser === 0 && f.insideRetryAfterPerPoller === 0,
    },
    { text: 'Toast pulls per client per interval ≤ 1.1 with 50 admins', actual: n2(pulls50), met: pulls50 <= 1.1 },
    { text: 'recovery p95 ≤ 60 s', actual: secs(f.recoveryP95), met: f.recoveryP95 <= 60 },
  ];
}

export function targetsTable(targets: readonly Target[]): string {
  return [
    '| extension target | now | |',
    '|---|---:|---|',
    ...targets.map((t) => `| ${t.text} | ${t.actual} | ${t.met ? 'met' : '**not met**'} |`),
  ].join('\n');
}
