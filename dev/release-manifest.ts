/**
 * What a store package must and must not contain, as a pure check over its manifest and file
 * list (dev/package.ts refuses a build that fails it; the unit tests exercise it).
 */

import { dashboardPatterns } from '../src/shared/dashboard-origin.ts';

export interface ReleaseManifest {
  manifest_version: number;
  version: string;
  key?: string;
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions: string[];
  storage?: { managed_schema?: string };
}

/** Every API permission the extension asks for, each with the reason listings and reviewers get. */
export const PERMISSION_REASONS: Record<string, string> = {
  alarms: 'the sync schedule, which must survive the service worker sleeping',
  storage: 'the sync status and the admin’s settings; managed storage for company policy',
  idle: 'pausing while the screen is locked',
  scripting: 'the dashboard content script (sidebar indicator), registered for the dashboard’s address and injected into dashboard tabs already open',
  webRequest: 'seeing the outcome of the dashboard page’s own Sync Now, so the page and the extension never double-sync',
};

export function checkReleaseManifest(
  manifest: ReleaseManifest,
  files: string[],
  expected: { dashboard: string; version: string },
): string[] {
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push('not Manifest V3');
  if (manifest.version !== expected.version) problems.push(`manifest version ${manifest.version}, package.json says ${expected.version}`);
  if (manifest.key !== undefined) problems.push('the manifest carries the development key (the store assigns its own ID)');
  for (const permission of manifest.permissions) {
    if (PERMISSION_REASONS[permission] === undefined) problems.push(`permission "${permission}" has no stated reason`);
  }
  const dashboard = dashboardPatterns(expected.dashboard);
  const unexpectedHosts = manifest.host_permissions.filter((pattern) => !dashboard.includes(pattern));
  if (!dashboard.every((pattern) => manifest.host_permissions.includes(pattern))) {
    problems.push(`host_permissions lacks the dashboard (${dashboard.join(', ')})`);
  }
  if (unexpectedHosts.length > 0) problems.push(`host_permissions reach beyond the dashboard: ${unexpectedHosts.join(', ')}`);
  if (manifest.optional_host_permissions.join() !== 'https://*/*') {
    problems.push(`optional_host_permissions must be https://*/* only, not ${manifest.optional_host_permissions.join(', ')}`);
  }
  const schema = manifest.storage?.managed_schema;
  if (schema === undefined || !files.includes(schema)) problems.push('the managed-storage schema is missing');
  if (!files.includes('manifest.json')) problems.push('manifest.json is not at the package root');
  const maps = files.filter((file) => file.endsWith('.map'));
  if (maps.length > 0) problems.push(`source maps in the package: ${maps.join(', ')}`);
  return problems;
}
