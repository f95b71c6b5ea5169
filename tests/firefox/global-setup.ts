import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { firefoxPath } from '../../dev/firefox.ts';
import { ensureReferenceDashboardBuilt } from '../../dev/reference-dashboard.ts';
import { FIREFOX_DIST, FIREFOX_PORT } from './build.ts';

/** A build for another port would sync to nothing and every test would time out: say why now. */
function assertBuildFor(dir: string, port: number): void {
  const assets = join(dir, 'assets');
  const hint = `run \`TOAST_SYNC_E2E_PORT=${port} TOAST_SYNC_E2E_FIREFOX_DIST=${dir} npm run build:e2e:firefox\``;
  if (!existsSync(join(dir, 'manifest.json')) || !existsSync(assets)) throw new Error(`No Firefox e2e build at ${resolve(dir)}: ${hint}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: unknown };
  if (manifest.browser_specific_settings === undefined) throw new Error(`${resolve(dir)} is not a Firefox build: ${hint}`);
  const dashboard = `http://localhost:${port}`;
  const exact = new RegExp(`${dashboard}(?![0-9])`); // :3300 must not match a build for :33001
  const aimed = readdirSync(assets).some((f) => f.endsWith('.js') && exact.test(readFileSync(join(assets, f), 'utf8')));
  if (!aimed) throw new Error(`The Firefox build in ${resolve(dir)} is not for ${dashboard}: ${hint}`);
}

/** Firefox present, the build aimed at this run's port, the real Next.js dashboard built once. */
export default async function setup(): Promise<void> {
  firefoxPath();
  assertBuildFor(FIREFOX_DIST, FIREFOX_PORT);
  await ensureReferenceDashboardBuilt();
}
