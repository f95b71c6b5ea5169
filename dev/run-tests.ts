/**
 * `npm test`: every check, in an order that fails fast and leaves nothing to set up by hand.
 *
 * 1. The preflight: the browsers, or a stop at once with the one command. As root on Debian
 *    the missing ones are installed while the steps up to the end-to-end tests run.
 * 2. The reference dashboard's `next build` (cached by its sources). Before the lint on purpose:
 *    files a build generates must never fail the checks, and this way every run proves it.
 * 3. Lint with typecheck beside it, unit tests, the extension's builds and their checks.
 * 4. The end-to-end suites: the Chromium lanes and the Firefox lane at the same time, Firefox's
 *    lines prefixed. At the end, each step's time and each e2e file's time.
 *
 * Usage: tsx dev/run-tests.ts
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startPreflight, type Preflight } from './preflight.ts';
import { ensureReferenceDashboardBuilt } from './reference-dashboard.ts';
import { e2eFileTable, type E2eReport } from './test-report.ts';

const CHROMIUM_REPORT = 'test-results/e2e-chromium.json';
const FIREFOX_REPORT = 'test-results/e2e-firefox.json';

interface Step {
  name: string;
  run(): Promise<void>;
}

/** Runs an npm script; with `prefix`, its output comes line by line behind that prefix. */
function npmRun(script: string, prefix?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: prefix === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    if (prefix !== undefined) {
      for (const stream of [child.stdout, child.stderr]) {
        if (stream !== null) createInterface({ input: stream }).on('line', (line) => console.log(`${prefix}${line}`));
      }
    }
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`npm run ${script} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** All of them, at once; fails with every failure once all have ended. */
async function together(...runs: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(runs)).flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  if (failed.length > 0) throw new Error(failed.join('; '));
}

const steps: Step[] = [
  { name: 'reference dashboard build', run: ensureReferenceDashboardBuilt },
  { name: 'lint and typecheck', run: () => together(npmRun('lint'), npmRun('typecheck')) },
  { name: 'unit tests', run: () => npmRun('test:unit') },
  {
    name: 'builds and their checks',
    run: async () => {
      for (const script of ['build', 'check:build', 'build:firefox', 'check:firefox', 'check:package', 'build:e2e']) await npmRun(script);
    },
  },
  {
    name: 'end-to-end: Chromium lanes and Firefox',
    run: async () => {
      await browsers.ready;
      await together(npmRun('test:e2e'), npmRun('test:e2e:firefox', 'firefox │ '));
    },
  },
];

function readReport(path: string): E2eReport | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as E2eReport;
  } catch {
    return null;
  }
}

// Before anything else: a machine that cannot run the tests stops here, at once. Browsers to
// install are installed while the steps that need none run; the end-to-end step waits for them.
let browsers: Preflight;
try {
  browsers = startPreflight('test', { background: true });
} catch (error) {
  console.error(`\nnpm test cannot run here yet. ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
if (!browsers.installing) {
  const found = await browsers.ready;
  console.log(
    `npm test: ${Object.entries(found)
      .map(([name, path]) => `${name} ${path}`)
      .join(', ')}`,
  );
}

// Reports of an earlier run must not pass for this one's.
for (const report of [CHROMIUM_REPORT, FIREFOX_REPORT]) rmSync(report, { force: true });
const timings: [string, number][] = [];
let failure: Error | null = null;
const runStarted = performance.now();
for (const [index, step] of steps.entries()) {
  console.log(`\n── npm test ${index + 1}/${steps.length}: ${step.name}`);
  const started = performance.now();
  try {
    await step.run();
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  timings.push([step.name, (performance.now() - started) / 1000]);
  if (failure !== null) break;
}
const total = (performance.now() - runStarted) / 1000;

console.log('\n── npm test: time per step');
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
console.log(`  ${total.toFixed(1).padStart(7)} s  in all`);
const reports = [readReport(CHROMIUM_REPORT), readReport(FIREFOX_REPORT)].filter((r): r is E2eReport => r !== null);
if (reports.length > 0) console.log(`\n── end-to-end files, longest first\n${e2eFileTable(reports, process.cwd())}`);

if (failure !== null) {
  console.error(`\nnpm test failed: ${failure.message}`);
  process.exit(1);
}
console.log('\nnpm test: all green');
