/**
 * Budget and sanity checks on a built extension, run by `npm test` after the build:
 * - the dashboard content script stays at most 8 KB gzipped, since every dashboard page loads
 *   it, and contains no webextension-polyfill (it uses the browser's own API, extension-api.ts);
 * - the page-world hydration probe stays under 1 KB and uses no extension API;
 * - the background loader (service worker, or Firefox's event-page script) imports the worker's own code (CRXJS once picked the content
 *   script's chunk when two entries shared the name index.ts);
 * - no file is web-accessible to every site;
 * - every script in the build is reachable (dev/build-graph.ts): named by the manifest, loaded by
 *   a page, registered by the worker, or imported by one of those. CRXJS used to leave an ES copy
 *   of each registered content script in assets/ that nothing loaded.
 * Usage: tsx dev/check-build.ts [dist] (dist-firefox for the Firefox build)
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { missingScripts, unreachableScripts, type ManifestScripts } from './build-graph.ts';

const CONTENT_SCRIPT_BUDGET = 8 * 1024;
/** Strings of webextension-polyfill that survive minification: its guard's error and its reply marker. */
const POLYFILL_MARKS = ['This script should only be loaded in a browser extension', '__mozWebExtensionPolyfillReject__'];
const dist = process.argv[2] ?? 'dist';
const problems: string[] = [];

const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as ManifestScripts & {
  web_accessible_resources?: unknown[];
};

const contentScript = join(dist, 'src/content/content-script.js');
if (!existsSync(contentScript)) {
  problems.push(`no content script at ${contentScript}`);
} else {
  const raw = readFileSync(contentScript);
  const gzipped = gzipSync(raw).length;
  console.log(`content script: ${raw.length} bytes, ${gzipped} bytes gzipped (budget ${CONTENT_SCRIPT_BUDGET})`);
  if (gzipped > CONTENT_SCRIPT_BUDGET)
    problems.push(`the content script is ${gzipped} bytes gzipped, over its ${CONTENT_SCRIPT_BUDGET}-byte budget`);
  const code = raw.toString('utf8');
  if (POLYFILL_MARKS.some((mark) => code.includes(mark)))
    problems.push('the content script contains webextension-polyfill; it must use the native API (src/shared/extension-api.ts)');
}

// The page-world probe runs in every dashboard page's own world: it must stay tiny and import nothing.
const probe = join(dist, 'src/content/hydration-probe.js');
if (!existsSync(probe)) problems.push(`no hydration probe at ${probe}`);
else {
  const code = readFileSync(probe, 'utf8');
  console.log(`hydration probe: ${code.length} bytes`);
  if (code.length > 1024) problems.push(`the hydration probe is ${code.length} bytes, over its 1024-byte budget`);
  if (/\bchrome\.|\bbrowser\./.test(code))
    problems.push('the hydration probe uses an extension API; it runs in the page world where there is none');
}

// Chrome runs the background as a service worker, Firefox as an event page's scripts.
const loader = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
if (loader === undefined) {
  problems.push('the manifest names no background script');
} else {
  const imported = /import\s+['"]\.\/([^'"]+)['"]/.exec(readFileSync(join(dist, loader), 'utf8'))?.[1];
  const code = imported === undefined ? '' : readFileSync(join(dist, imported), 'utf8');
  if (!code.includes('registerContentScripts'))
    problems.push(`the service-worker loader imports ${imported ?? 'nothing'}, which is not the worker's code`);
}

if ((manifest.web_accessible_resources ?? []).length > 0) problems.push('the manifest lists web-accessible resources');

const scripts = new Map<string, string>();
const pages = new Map<string, string>();
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const full = join(entry.parentPath, entry.name);
  const path = relative(dist, full).split(sep).join('/');
  if (/\.m?js$/.test(path)) scripts.set(path, readFileSync(full, 'utf8'));
  else if (path.endsWith('.html')) pages.set(path, readFileSync(full, 'utf8'));
}
const build = { manifest, scripts, pages };
const orphans = unreachableScripts(build);
for (const orphan of orphans) {
  const gzipped = gzipSync(readFileSync(join(dist, orphan))).length;
  problems.push(`${orphan} (${gzipped} bytes gzipped) is loaded by nothing: no manifest entry, page, registration or import reaches it`);
}
for (const missing of missingScripts(build)) problems.push(`${missing} is loaded but not in the build`);
console.log(`scripts: ${scripts.size}, all reachable: ${orphans.length === 0 ? 'yes' : 'no'}`);

if (problems.length > 0) {
  for (const p of problems) console.error(`check-build: ${p}`);
  process.exit(1);
}
console.log(`check-build: ${dist} passes`);
