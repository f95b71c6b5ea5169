/**
 * `npm run bench [-- --browsers N --seed N --check]`: the extension, the in-page poller (the
 * `seed` design, seed-poller.ts) and a naive poller, side by side, each as a fleet of browsers against the same
 * simulated dashboard in the same scenarios. Prints one Markdown table (for the README) and
 * the extension's targets. Exits 0 unless `--check` is given and a target is missed.
 *
 * `--verify` first checks, on a small fleet, that the extension's fast world (promises settled
 * once per virtual instant, frozen storage records) gives exactly the traffic of the slow,
 * faithful one (settled after every event, storage copies).
 */

import { parseArgs } from 'node:util';
import { extensionDesign, naiveDesign, seedDesign, type Design, type DesignName } from './designs.ts';
import { DEFAULT_FRESHNESS_MS } from './dashboard.ts';
import { planFleet, type PlannedBrowser } from './fleet-plan.ts';
import { designFigures, type DesignFigures, type DesignRuns } from './metrics.ts';
import { comparisonTable, extensionTargets, SAME_CLIENT_ADMINS, setupNotes, targetsTable } from './report.ts';
import { runScenario, type RunResult } from './run-scenario.ts';
import { outage, sameClient, START, steady, storm, type Scenario, type Timeline } from './scenarios.ts';

/** Ten admins per client, as in a CRM whose restaurants each have a few managers. */
const BROWSERS_PER_CLIENT = 10;

const TIMELINE: Timeline = { warmUp: 5, steady: 30, afterOutage: 5, afterStorm: 4, adminsMeasured: 30 };
/**
 * Above this many browsers the steady run is cut to 20 minutes (the outage and the storm keep
 * their length): the engine costs about 15–20 CPU ms per simulated browser-hour, and 10,000
 * browsers must finish in under 5 minutes on a 2-core machine.
 */
const LARGE_RUN_BROWSERS = 2000;
const LARGE_RUN_STEADY_MINUTES = 20;

/** A mistake on the command line: reported in one line, without a stack. */
class UsageError extends Error {}

function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not ${text}`);
  return value;
}

const clientsFor = (browsers: number): number => Math.max(1, Math.round(browsers / BROWSERS_PER_CLIENT));

const progress = (line: string): void => void process.stderr.write(`${line}\n`);
const count = (x: number): string => x.toLocaleString('en-US');

function describeRun(design: Design, scenario: string, run: RunResult): void {
  progress(`  ${design.name} · ${scenario}: ${count(run.recorder.requests)} requests, ${count(Math.round(run.cpuMs))} ms CPU`);
}

async function runDesign(design: Design, browsers: number, seed: number, timeline: Timeline, freshMs: number): Promise<DesignRuns> {
  const fleet = planFleet({ browsers, clients: clientsFor(browsers), seed, start: START });
  const named = async (scenario: Scenario, planned = fleet): Promise<RunResult> => {
    const run = await runScenario(design, scenario, planned, seed, freshMs);
    describeRun(design, scenario.name, run);
    return run;
  };
  const runs: DesignRuns = {
    steady: await named(steady(timeline)),
    outage: await named(outage(timeline)),
    storm: await named(storm(timeline)),
    sameClient: new Map(),
  };
  for (const admins of SAME_CLIENT_ADMINS) {
    runs.sameClient.set(admins, await named(sameClient(timeline, admins), planFleet({ browsers: admins, clients: 1, seed, start: START })));
  }
  return runs;
}

/** The extension's traffic in the fast world and in the faithful one: it must be the same. */
async function verifyFastWorld(seed: number, timeline: Timeline): Promise<boolean> {
  const fleet = planFleet({ browsers: 60, clients: 6, seed, start: START });
  const cases: [Scenario, PlannedBrowser[]][] = [
    [steady(timeline), fleet],
    [outage(timeline), fleet],
    [storm(timeline), fleet],
    [sameClient(timeline, 50), planFleet({ browsers: 50, clients: 1, seed, start: START })],
  ];
  let same = true;
  for (const [scenario, planned] of cases) {
    const fast = await runScenario(extensionDesign('fast'), scenario, planned, seed);
    const slow = await runScenario(extensionDesign('reference'), scenario, planned, seed);
    const equal = fast.recorder.requests === slow.recorder.requests && fast.recorder.fingerprint === slow.recorder.fingerprint;
    same &&= equal;
    progress(
      `  verify · ${scenario.name}, ${planned.length} browsers: fast ${count(fast.recorder.requests)} requests (fingerprint ${fast.recorder.fingerprint.toString(16)}, ${count(Math.round(fast.cpuMs))} ms CPU), ` +
        `reference ${count(slow.recorder.requests)} (${slow.recorder.fingerprint.toString(16)}, ${count(Math.round(slow.cpuMs))} ms CPU): ${equal ? 'identical' : 'DIFFERENT'}`,
    );
  }
  return same;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      browsers: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      check: { type: 'boolean', default: false },
      'seed-visibility': { type: 'string', default: 'active-tab' },
      verify: { type: 'boolean', default: false },
      'fresh-seconds': { type: 'string', default: String(DEFAULT_FRESHNESS_MS / 1000) },
    },
    strict: true,
  });
  const browsers = wholeNumber('browsers', values.browsers, 1);
  const seed = wholeNumber('seed', values.seed, 0);
  const visibility = values['seed-visibility'];
  const freshMs = wholeNumber('fresh-seconds', values['fresh-seconds'], 0) * 1000;
  if (visibility !== 'active-tab' && visibility !== 'all-tabs') throw new UsageError('--seed-visibility must be active-tab or all-tabs');
  const large = browsers > LARGE_RUN_BROWSERS;
  const timeline = large ? { ...TIMELINE, steady: LARGE_RUN_STEADY_MINUTES } : TIMELINE;
  const wallStart = performance.now();

  if (values.verify && !(await verifyFastWorld(seed, timeline))) {
    console.error('The fast world changed the extension traffic: its figures cannot be trusted.');
    return 1;
  }

  const figures = new Map<DesignName, DesignFigures>();
  for (const design of [extensionDesign(), seedDesign(visibility), naiveDesign]) {
    progress(`${design.name}:`);
    figures.set(design.name, designFigures(await runDesign(design, browsers, seed, timeline, freshMs), timeline, browsers));
  }

  const extra =
    (visibility === 'active-tab' ? '' : ` --seed-visibility ${visibility}`) +
    (freshMs === DEFAULT_FRESHNESS_MS ? '' : ` --fresh-seconds ${freshMs / 1000}`);
  const command = `npm run bench -- --browsers ${browsers} --seed ${seed}${extra}`;
  const shortened = large
    ? `${TIMELINE.steady} up to ${count(LARGE_RUN_BROWSERS)} browsers; shortened to keep large runs under 5 minutes`
    : null;
  console.log(setupNotes({ command, seed, browsers, clients: clientsFor(browsers), visibility, timeline, freshMs, shortened }));
  console.log('');
  console.log(comparisonTable(figures));
  console.log('');
  const targets = extensionTargets(figures.get('extension') as DesignFigures);
  console.log(targetsTable(targets));
  progress(`\n${((performance.now() - wallStart) / 1000).toFixed(1)} s wall`);
  return values.check && targets.some((t) => !t.met) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(2);
  },
);
