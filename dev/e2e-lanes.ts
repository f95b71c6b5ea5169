/**
 * The end-to-end suites run in lanes: each lane is one test file at a time with its own
 * reference dashboard port and its own build of the extension aimed at that port, so files in
 * different lanes never meet. Chromium's lanes are Vitest's workers (VITEST_POOL_ID 1..n);
 * Firefox has one lane of its own, run beside them.
 *
 * A lane's second dashboard (a test moving the extension to another address) is on port + 1.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

export interface Lane {
  /** The reference dashboard's port; the build syncs to http://localhost:<port>. */
  port: number;
  /** The build's folder. */
  dist: string;
}

const CHROMIUM_BASE_PORT = Number(process.env.TOAST_SYNC_E2E_PORT ?? 3100);
const CHROMIUM_BASE_DIST = process.env.TOAST_SYNC_E2E_DIST ?? 'dist-e2e';
/** Lanes are this far apart, leaving room for each lane's second dashboard. */
const LANE_STRIDE = 10;

/**
 * How many Chromium files run at once: one more than the cores, at most three (with Firefox's
 * lane beside them). The tests wait on real intervals more than they compute, but on this
 * project's 2-core machines a fourth lane only slows every file down (docs/testing.md).
 */
export function chromiumLaneCount(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TOAST_SYNC_E2E_LANES;
  if (raw === undefined || raw === '') return Math.max(1, Math.min(3, availableParallelism() + 1));
  const lanes = Number(raw);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 8) throw new Error('TOAST_SYNC_E2E_LANES must be a whole number from 1 to 8');
  return lanes;
}

/** Lane 1 is the plain `dist-e2e` on 3100, as a single file run by hand expects. */
export function chromiumLane(lane: number): Lane {
  return {
    port: CHROMIUM_BASE_PORT + (lane - 1) * LANE_STRIDE,
    dist: lane === 1 ? CHROMIUM_BASE_DIST : `${CHROMIUM_BASE_DIST}-${lane}`,
  };
}

/** The lane of this Vitest worker (1 outside a pool). */
export function currentChromiumLane(): Lane {
  const id = Number(process.env.VITEST_POOL_ID ?? 1);
  return chromiumLane(Number.isInteger(id) && id >= 1 ? id : 1);
}

export const FIREFOX_LANE: Lane = {
  port: Number(process.env.TOAST_SYNC_E2E_FIREFOX_PORT ?? 3200),
  dist: process.env.TOAST_SYNC_E2E_FIREFOX_DIST ?? 'dist-e2e-firefox',
};

/**
 * The e2e build's settings: intervals down to 1 s and a 4 s request timeout keep tests short;
 * the dashboard is the lane's.
 */
export function e2eBuildEnv(lane: Lane, browser: 'chromium' | 'firefox'): Record<string, string> {
  return {
    TOAST_SYNC_OUT_DIR: lane.dist,
    DASHBOARD_URL: `http://localhost:${lane.port}`,
    TOAST_SYNC_MIN_INTERVAL: '1',
    TOAST_SYNC_TIMEOUT_MS: '4000',
    ...(browser === 'firefox' ? { TOAST_SYNC_BROWSER: 'firefox' } : {}),
  };
}

/**
 * A build missing, for the other browser, or aimed at another port would sync to nothing and
 * every test would time out: say so before any test starts.
 */
export function assertLaneBuilt(lane: Lane, browser: 'chromium' | 'firefox'): void {
  const dir = resolve(lane.dist);
  const hint = 'run `npm run build:e2e` (it builds every lane)';
  const assets = join(dir, 'assets');
  if (!existsSync(join(dir, 'manifest.json')) || !existsSync(assets)) throw new Error(`No e2e build at ${dir}: ${hint}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: unknown };
  if ((manifest.browser_specific_settings !== undefined) !== (browser === 'firefox'))
    throw new Error(`${dir} is not a ${browser} build: ${hint}`);
  const dashboard = `http://localhost:${lane.port}`;
  const exact = new RegExp(`${dashboard}(?![0-9])`); // :3100 must not match a build for :31001
  const aimed = readdirSync(assets).some((f) => f.endsWith('.js') && exact.test(readFileSync(join(assets, f), 'utf8')));
  if (!aimed) throw new Error(`The e2e build in ${dir} is not for ${dashboard}: ${hint}`);
}
