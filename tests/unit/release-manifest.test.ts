import { describe, expect, it } from 'vitest';
import { checkReleaseManifest, type ReleaseManifest } from '../../dev/release-manifest.ts';
import { DEV_EXTENSION_KEY, extensionIdFromKey, optionalHostPatterns } from '../../build-config.ts';

const good: ReleaseManifest = {
  manifest_version: 3,
  version: '0.1.0',
  permissions: ['alarms', 'storage', 'idle', 'scripting', 'webRequest'],
  host_permissions: ['https://crm.example.com/*'],
  optional_host_permissions: ['https://*/*'],
  storage: { managed_schema: 'managed-schema.json' },
};
const files = ['manifest.json', 'managed-schema.json', 'service-worker-loader.js'];
const expected = { dashboard: 'https://crm.example.com', version: '0.1.0' };

describe('what a store package may hold', () => {
  it('a release manifest for one https dashboard passes', () => {
    expect(checkReleaseManifest(good, files, expected)).toEqual([]);
  });

  it.each([
    ['the development key', { key: DEV_EXTENSION_KEY }, 'the manifest carries the development key (the store assigns its own ID)'],
    ['plain http optional hosts', { optional_host_permissions: ['https://*/*', 'http://localhost/*'] }, 'optional_host_permissions must be https://*/* only, not https://*/*, http://localhost/*'],
    ['a permission without a stated reason', { permissions: [...good.permissions, 'tabs'] }, 'permission "tabs" has no stated reason'],
    ['hosts beyond the dashboard', { host_permissions: ['https://crm.example.com/*', 'https://*/*'] }, 'host_permissions reach beyond the dashboard: https://*/*'],
    ['another version', { version: '0.0.9' }, 'manifest version 0.0.9, package.json says 0.1.0'],
  ])('refuses %s', (_name, change, problem) => {
    expect(checkReleaseManifest({ ...good, ...change }, files, expected)).toEqual([problem]);
  });

  it('refuses source maps and a missing schema', () => {
    expect(checkReleaseManifest(good, ['manifest.json', 'assets/x.js.map'], expected)).toEqual([
      'the managed-storage schema is missing',
      'source maps in the package: assets/x.js.map',
    ]);
  });

  it('store builds ask only for https; unpacked builds may also reach a dashboard on this machine', () => {
    expect(optionalHostPatterns(true)).toEqual(['https://*/*']);
    expect(optionalHostPatterns(false)).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*']);
  });

  it('the development key gives the same extension ID everywhere', () => {
    // Chromium's own derivation, checked against the ID Chromium showed for this key.
    expect(extensionIdFromKey(DEV_EXTENSION_KEY)).toBe('meghbimeeoaaklggklkjjfngakfcbfeb');
  });
});
