/**
 * Builds the extension for the end-to-end lanes (dev/e2e-lanes.ts): one Chromium build per
 * lane and the Firefox build, each a `vite build` of its own with the lane's settings.
 *
 * Usage: tsx dev/build-e2e.ts [chromium|firefox]   (both when omitted)
 */

import { spawn } from 'node:child_process';
import { chromiumLane, chromiumLaneCount, e2eBuildEnv, FIREFOX_LANE, type Lane } from './e2e-lanes.ts';

function viteBuild(env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build for ${env.TOAST_SYNC_OUT_DIR} failed:\n${output}`)),
    );
  });
}

const which = process.argv[2];
if (which !== undefined && which !== 'chromium' && which !== 'firefox') {
  console.error('usage: tsx dev/build-e2e.ts [chromium|firefox]');
  process.exit(2);
}
const builds: [Lane, 'chromium' | 'firefox'][] = [];
if (which !== 'firefox') for (let lane = 1; lane <= chromiumLaneCount(); lane++) builds.push([chromiumLane(lane), 'chromium']);
if (which !== 'chromium') builds.push([FIREFOX_LANE, 'firefox']);

const started = performance.now();
for (const [lane, browser] of builds) await viteBuild(e2eBuildEnv(lane, browser));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`e2e builds: ${builds.map(([lane, browser]) => `${lane.dist} (${browser}, :${lane.port})`).join(', ')} in ${seconds} s`);
