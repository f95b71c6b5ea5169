/**
 * What a store package must and must not contain, as a pure check over its manifest and file
 * list (dev/package.ts refuses a build that fails it; the unit tests exercise it). The Chrome
 * Web Store and addons.mozilla.org each get their own build of the same source.
 */

import { GECKO_ID, GECKO_MIN_VERSION, type TargetBrowser } from '../build-config.ts';
import { dashboardPatterns } from '../src/shared/dashboard-origin.ts';

export interface ReleaseManifest {
  manifest_version: number;
  version: string;
  key?: string;
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions: string[];
  storage?: { managed_schema?: string };
  background?: { service_worker?: string; scripts?: string[] };
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } };
  };
}

/** Every API permission the extension asks for, each with the reason listings and reviewers get. */
export const PERMISSION_REASONS: Record<string, string> = {
  alarms: 'the sync schedule, which must survive the background sleeping',
  storage: 'the sync status and the admin’s settings; managed storage for company policy',
  idle: 'pausing while the screen is locked (Chrome only: Firefox does not report a locked screen)',
  scripting:
    'the dashboard content script (sidebar indicator), registered for the dashboard’s address and injected into dashboard tabs already open',
  webRequest: 'seeing the outcome of the dashboard page’s own Sync Now, so the page and the extension never double-sync',
};

export interface ReleaseExpectation {
  dashboard: string;
  version: string;
  browser: TargetBrowser;
}

const majorOf = (version: string | undefined): number => Number.parseInt(version ?? '', 10);

function firefoxProblems(manifest: ReleaseManifest): string[] {
  const problems: string[] = [];
  const gecko = manifest.browser_specific_settings?.gecko;
  if (gecko?.id !== GECKO_ID)
    problems.push(`the add-on ID must be ${GECKO_ID} (updates and policies name it), not ${gecko?.id ?? 'missing'}`);
  const min = majorOf(gecko?.strict_min_version);
  if (!(min >= majorOf(GECKO_MIN_VERSION))) {
    problems.push(
      `strict_min_version must be ${GECKO_MIN_VERSION} or later (addons.mozilla.org requires data_collection_permissions from there)`,
    );
  }
  if (gecko?.data_collection_permissions?.required === undefined) problems.push('data_collection_permissions is missing');
  if (manifest.background?.scripts === undefined) problems.push('Firefox needs background.scripts (an event page)');
  if (manifest.permissions.includes('idle'))
    problems.push('the idle permission does nothing in Firefox, which never reports a locked screen');
  return problems;
}

function chromeProblems(manifest: ReleaseManifest, files: string[]): string[] {
  const schema = manifest.storage?.managed_schema;
  return schema === undefined || !files.includes(schema) ? ['the managed-storage schema is missing'] : [];
}

export function checkReleaseManifest(manifest: ReleaseManifest, files: string[], expected: ReleaseExpectation): string[] {
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push('not Manifest V3');
  if (manifest.version !== expected.version) problems.push(`manifest version ${manifest.version}, package.json says ${expected.version}`);
  if (manifest.key !== undefined) problems.push('the manifest carries the development key (the store assigns its own ID)');
  for (const permission of manifest.permissions) {
    if (PERMISSION_REASONS[permission] === undefined) problems.push(`permission "${permission}" has no stated reason`);
  }
  const dashboard = dashboardPatterns(expected.dashboard, expected.browser);
  const unexpectedHosts = manifest.host_permissions.filter((pattern) => !dashboard.includes(pattern));
  if (!dashboard.every((pattern) => manifest.host_permissions.includes(pattern))) {
    problems.push(`host_permissions lacks the dashboard (${dashboard.join(', ')})`);
  }
  if (unexpectedHosts.length > 0) problems.push(`host_permissions reach beyond the dashboard: ${unexpectedHosts.join(', ')}`);
  if (manifest.optional_host_permissions.join() !== 'https://*/*') {
    problems.push(`optional_host_permissions must be https://*/* only, not ${manifest.optional_host_permissions.join(', ')}`);
  }
  problems.push(...(expected.browser === 'firefox' ? firefoxProblems(manifest) : chromeProblems(manifest, files)));
  if (!files.includes('manifest.json')) problems.push('manifest.json is not at the package root');
  const maps = files.filter((file) => file.endsWith('.map'));
  if (maps.length > 0) problems.push(`source maps in the package: ${maps.join(', ')}`);
  return problems;
}
