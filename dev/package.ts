/**
 * `npm run package`: the Chrome Web Store package.
 *
 *   DASHBOARD_URL=https://crm.example.com npm run package
 *   DASHBOARD_URL=http://localhost:3000 npm run package -- --dev   (a package for a local dashboard)
 *
 * Builds with the release settings (no development key, https-only optional hosts, none of the
 * test-only settings), checks the result, and writes
 * release/toast-sync-companion-<version>-chrome.zip with manifest.json at the zip's root.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { parseDashboardOrigin, isLoopback } from '../src/shared/dashboard-origin.ts';
import { checkReleaseManifest, type ReleaseManifest } from './release-manifest.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_DIR = join(ROOT, 'dist-release');
const RELEASE_DIR = join(ROOT, 'release');

/** Settings only the end-to-end build may change; a store package never inherits them. */
const TEST_ONLY_ENV = ['TOAST_SYNC_MIN_INTERVAL', 'TOAST_SYNC_TIMEOUT_MS', 'TOAST_SYNC_OUT_DIR'];

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

function dashboardFromEnv(dev: boolean): string {
  const raw = process.env.DASHBOARD_URL;
  if (raw === undefined || raw.trim() === '') {
    fail('set DASHBOARD_URL to your dashboard’s https address, e.g. DASHBOARD_URL=https://crm.example.com npm run package');
  }
  const parsed = parseDashboardOrigin(raw);
  if (!parsed.ok) fail(`DASHBOARD_URL: ${parsed.message}`);
  const url = new URL(parsed.origin);
  if (isLoopback(url.hostname) && !dev) {
    fail(`DASHBOARD_URL is ${parsed.origin}, a dashboard on this machine: admins elsewhere cannot reach it. Use your dashboard's https address, or add --dev for a local test package.`);
  }
  return parsed.origin;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function main(): void {
  const dev = process.argv.includes('--dev');
  const dashboard = dashboardFromEnv(dev);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const env: NodeJS.ProcessEnv = { ...process.env, DASHBOARD_URL: dashboard, TOAST_SYNC_RELEASE: '1' };
  for (const name of TEST_ONLY_ENV) delete env[name];
  env.TOAST_SYNC_OUT_DIR = BUILD_DIR;
  const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, env, stdio: 'inherit' });
  if (built.status !== 0) fail('the build failed (see above)');

  const files = filesUnder(BUILD_DIR).map((path) => relative(BUILD_DIR, path).split('\\').join('/'));
  const entries: Record<string, Uint8Array> = {};
  for (const file of files.sort()) entries[file] = readFileSync(join(BUILD_DIR, file));
  mkdirSync(RELEASE_DIR, { recursive: true });
  const zipPath = join(RELEASE_DIR, `toast-sync-companion-${version}-chrome.zip`);
  rmSync(zipPath, { force: true });
  // A fixed date keeps the zip byte-identical for the same build.
  const zip = zipSync(entries, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  rmSync(BUILD_DIR, { recursive: true, force: true });

  // Checked as the store will read it: from the zip.
  const unpacked = unzipSync(zip);
  const manifestBytes = unpacked['manifest.json'];
  if (manifestBytes === undefined) fail('manifest.json is not at the root of the zip');
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ReleaseManifest;
  const problems = checkReleaseManifest(manifest, Object.keys(unpacked), { dashboard, version });
  if (problems.length > 0) fail(`the build is not fit for the store, nothing written:\n  - ${problems.join('\n  - ')}`);
  writeFileSync(zipPath, zip);

  const kb = (statSync(zipPath).size / 1024).toFixed(1);
  console.log(`package: ${relative(ROOT, zipPath)} (${kb} KB, ${files.length} files) for ${dashboard}${dev ? ' [--dev]' : ''}`);
  console.log(`  permissions:               ${manifest.permissions.join(', ')}`);
  console.log(`  host_permissions:          ${manifest.host_permissions.join(', ')}`);
  console.log(`  optional_host_permissions: ${manifest.optional_host_permissions.join(', ')}`);
}

main();
