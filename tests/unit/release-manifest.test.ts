import { describe, expect, it } from 'vitest';
import { checkReleaseManifest, type ReleaseManifest } from '../../dev/release-manifest.ts';
import { DEV_EXTENSION_KEY, extensionIdFromKey, GECKO_ID, optionalHostPatterns } from '../../build-config.ts';

const good: ReleaseManifest = {
  manifest_version: 3,
  version: '0.1.0',
  permissions: ['alarms', 'storage', 'idle', 'scripting', 'webRequest'],
  host_permissions: ['https://crm.example.com/*'],
  optional_host_permissions: ['https://*/*'],
  storage: { managed_schema: 'managed-schema.json' },
};
const files = ['manifest.json', 'managed-schema.json', 'service-worker-loader.js'];
const expected = { dashboard: 'https://crm.example.com', version: '0.1.0', browser: 'chrome' as const };

describe('what a store package may hold', () => {
  it('a release manifest for one https dashboard passes', () => {
    expect(checkReleaseManifest(good, files, expected)).toEqual([]);
  });

  it.each([
    ['the development key', { key: DEV_EXTENSION_KEY }, 'the manifest carries the development key (the store assigns its own ID)'],
    [
      'plain http optional hosts',
      { optional_host_permissions: ['https://*/*', 'http://localhost/*'] },
      'optional_host_permissions must be https://*/* only, not https://*/*, http://localhost/*',
    ],
    ['a permission without a stated reason', { permissions: [...good.permissions, 'tabs'] }, 'permission "tabs" has no stated reason'],
    [
      'hosts beyond the dashboard',
      { host_permissions: ['https://crm.example.com/*', 'https://*/*'] },
      'host_permissions reach beyond the dashboard: https://*/*',
    ],
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

describe('what an addons.mozilla.org package may hold', () => {
  const firefox: ReleaseManifest = {
    manifest_version: 3,
    version: '0.1.0',
    permissions: ['alarms', 'storage', 'scripting', 'webRequest'],
    host_permissions: ['https://crm.example.com/*'],
    optional_host_permissions: ['https://*/*'],
    background: { scripts: ['service-worker-loader.js'] },
    browser_specific_settings: {
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    },
  };
  const forFirefox = { ...expected, browser: 'firefox' as const };
  const gecko = firefox.browser_specific_settings?.gecko;

  it('a release manifest with the add-on settings passes, without Chrome’s policy schema', () => {
    expect(checkReleaseManifest(firefox, ['manifest.json', 'service-worker-loader.js'], forFirefox)).toEqual([]);
  });

  it('host patterns without the port: Firefox’s patterns cannot name one', () => {
    const onPort = { ...forFirefox, dashboard: 'https://crm.example.com:8443' };
    expect(checkReleaseManifest(firefox, ['manifest.json'], onPort)).toEqual([]);
    expect(checkReleaseManifest({ ...firefox, host_permissions: ['https://crm.example.com:8443/*'] }, ['manifest.json'], onPort)).toEqual([
      'host_permissions lacks the dashboard (https://crm.example.com/*)',
      'host_permissions reach beyond the dashboard: https://crm.example.com:8443/*',
    ]);
  });

  it.each([
    [
      'another add-on ID',
      { gecko: { ...gecko, id: 'other@example.com' } },
      `the add-on ID must be ${GECKO_ID} (updates and policies name it), not other@example.com`,
    ],
    ['no add-on settings', {}, `the add-on ID must be ${GECKO_ID} (updates and policies name it), not missing`],
    [
      'a minimum version before 140',
      { gecko: { ...gecko, strict_min_version: '128.0' } },
      'strict_min_version must be 140.0 or later (addons.mozilla.org requires data_collection_permissions from there)',
    ],
    [
      'no data collection statement',
      { gecko: { ...gecko, data_collection_permissions: undefined } },
      'data_collection_permissions is missing',
    ],
  ])('refuses %s', (_name, settings, problem) => {
    expect(checkReleaseManifest({ ...firefox, browser_specific_settings: settings }, ['manifest.json'], forFirefox)).toContain(problem);
  });

  it('refuses a service worker alone and the idle permission Firefox cannot use', () => {
    expect(
      checkReleaseManifest(
        { ...firefox, background: { service_worker: 'sw.js' }, permissions: [...firefox.permissions, 'idle'] },
        ['manifest.json'],
        forFirefox,
      ),
    ).toEqual([
      'Firefox needs background.scripts (an event page)',
      'the idle permission does nothing in Firefox, which never reports a locked screen',
    ]);
  });
});
