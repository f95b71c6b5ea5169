/**
 * `npm run package`: the store packages, built from the same source.
 *
 *   DASHBOARD_URL=https://crm.example.com npm run package
 *   DASHBOARD_URL=http://localhost:3000 npm run package -- --dev   (packages for a local dashboard)
 *
 * Builds each with the release settings (no development key, https-only optional hosts, none of
 * the test-only settings), checks the result as the store will read it, and writes to release/:
 * - toast-sync-companion-<version>-chrome.zip   (Chrome Web Store)
 * - toast-sync-companion-<version>-firefox.zip  (addons.mozilla.org; also passes web-ext lint)
 * - toast-sync-companion-<version>-source.zip   (the source addons.mozilla.org asks for when
 *   code is bundled: every file git tracks, and AMO-BUILD.txt with the exact build command)
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import type { TargetBrowser } from '../build-config.ts';
import { parseDashboardOrigin, isLoopback } from '../src/shared/dashboard-origin.ts';
import { lintFirefoxBuild } from './firefox-lint.ts';
import { checkReleaseManifest, type ReleaseManifest } from './release-manifest.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_DIR = join(ROOT, 'dist-release');
const RELEASE_DIR = join(ROOT, 'release');
/** A fixed date keeps each zip byte-identical for the same input. */
const ZIP_DATE = new Date('2026-01-01T00:00:00Z');

/** Settings only the end-to-end build may change; a store package never inherits them. */
const TEST_ONLY_ENV = ['TOAST_SYNC_MIN_INTERVAL', 'TOAST_SYNC_TIMEOUT_MS', 'TOAST_SYNC_OUT_DIR', 'TOAST_SYNC_BROWSER'];

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
    fail(
      `DASHBOARD_URL is ${parsed.origin}, a dashboard on this machine: admins elsewhere cannot reach it. Use your dashboard's https address, or add --dev for a local test package.`,
    );
  }
  return parsed.origin;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function zipFiles(baseDir: string, files: string[], extra: Record<string, Uint8Array> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { ...extra };
  for (const file of [...files].sort()) entries[file] = readFileSync(join(baseDir, file));
  return zipSync(entries, { level: 9, mtime: ZIP_DATE });
}

/** The environment of a release build for one browser: what AMO-BUILD.txt tells reviewers too. */
function releaseEnv(dashboard: string, browser: TargetBrowser): Record<string, string> {
  return { DASHBOARD_URL: dashboard, TOAST_SYNC_RELEASE: '1', TOAST_SYNC_BROWSER: browser };
}

function buildAndZip(
  browser: TargetBrowser,
  dashboard: string,
  version: string,
): { zipPath: string; files: number; manifest: ReleaseManifest } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of TEST_ONLY_ENV) delete env[name];
  Object.assign(env, releaseEnv(dashboard, browser), { TOAST_SYNC_OUT_DIR: BUILD_DIR });
  const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  if (built.status !== 0) fail(`the ${browser} build failed (see above)`);
  if (browser === 'firefox') {
    const lint = lintFirefoxBuild(BUILD_DIR);
    if (lint.problems.length > 0) fail(`the Firefox build fails web-ext lint, nothing written:\n  - ${lint.problems.join('\n  - ')}`);
  }

  const files = filesUnder(BUILD_DIR).map((path) => relative(BUILD_DIR, path).split('\\').join('/'));
  const zip = zipFiles(BUILD_DIR, files);
  rmSync(BUILD_DIR, { recursive: true, force: true });

  // Checked as the store will read it: from the zip.
  const unpacked = unzipSync(zip);
  const manifestBytes = unpacked['manifest.json'];
  if (manifestBytes === undefined) fail('manifest.json is not at the root of the zip');
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ReleaseManifest;
  const problems = checkReleaseManifest(manifest, Object.keys(unpacked), { dashboard, version, browser });
  if (problems.length > 0) fail(`the ${browser} build is not fit for its store, nothing written:\n  - ${problems.join('\n  - ')}`);
  const zipPath = join(RELEASE_DIR, `toast-sync-companion-${version}-${browser}.zip`);
  writeFileSync(zipPath, zip);
  return { zipPath, files: files.length, manifest };
}

/** Every tracked file, as reviewers need to rebuild the Firefox package themselves. */
function sourceZip(dashboard: string, version: string): { zipPath: string; files: number } {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) fail('the source package needs a git checkout (it zips the files git tracks)');
  const files = listed.stdout.split('\0').filter((file) => file !== '');
  const env = Object.entries(releaseEnv(dashboard, 'firefox'))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const instructions = [
    `Toast Sync Companion ${version}: building the Firefox package from this source`,
    '',
    'Needs Node.js 20.19 or later and npm (any OS). Then, in this folder:',
    '',
    '  npm ci',
    `  ${env} TOAST_SYNC_OUT_DIR=dist-amo npx vite build`,
    '',
    'dist-amo/ then holds the files of the submitted package. The README says what each part does.',
    '',
  ].join('\n');
  const zip = zipFiles(ROOT, files, { 'AMO-BUILD.txt': new TextEncoder().encode(instructions) });
  const zipPath = join(RELEASE_DIR, `toast-sync-companion-${version}-source.zip`);
  writeFileSync(zipPath, zip);
  return { zipPath, files: files.length + 1 };
}

function main(): void {
  const dev = process.argv.includes('--dev');
  const dashboard = dashboardFromEnv(dev);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(RELEASE_DIR, { recursive: true });
  const size = (path: string): string => `${(statSync(path).size / 1024).toFixed(1)} KB`;

  for (const browser of ['chrome', 'firefox'] as const) {
    const { zipPath, files, manifest } = buildAndZip(browser, dashboard, version);
    console.log(`package: ${relative(ROOT, zipPath)} (${size(zipPath)}, ${files} files) for ${dashboard}${dev ? ' [--dev]' : ''}`);
    console.log(`  permissions:               ${manifest.permissions.join(', ')}`);
    console.log(`  host_permissions:          ${manifest.host_permissions.join(', ')}`);
    console.log(`  optional_host_permissions: ${manifest.optional_host_permissions.join(', ')}`);
  }
  const source = sourceZip(dashboard, version);
  console.log(
    `package: ${relative(ROOT, source.zipPath)} (${size(source.zipPath)}, ${source.files} files) for addons.mozilla.org's review`,
  );
}

main();
