import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { dashboardBuildUrl, DEV_EXTENSION_KEY, isReleaseBuild, optionalHostPatterns } from './build-config.ts';
import { dashboardPatterns } from './src/shared/dashboard-origin.ts';

const icons = { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' };

export default defineManifest({
  manifest_version: 3,
  name: 'Toast Sync Companion',
  description: "Keeps the CRM dashboard's Toast order sync running for the selected client, with its status at a glance.",
  version: pkg.version,
  minimum_chrome_version: '120',
  icons,
  action: {
    default_icon: {
      16: 'icons/icon-16-inactive.png',
      32: 'icons/icon-32-inactive.png',
      48: 'icons/icon-48-inactive.png',
      128: 'icons/icon-128-inactive.png',
    },
    default_title: 'Toast sync · no client selected',
    default_popup: 'src/popup/index.html',
  },
  options_ui: { page: 'src/options/index.html', open_in_tab: true },
  commands: {
    'sync-now': {
      suggested_key: { default: 'Alt+Shift+S' },
      description: 'Sync Toast orders now',
    },
  },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  permissions: ['alarms', 'storage', 'idle', 'scripting', 'webRequest'],
  // Company policy over the settings (chrome.storage.managed); see the README's "For IT".
  storage: { managed_schema: 'managed-schema.json' },
  host_permissions: dashboardPatterns(dashboardBuildUrl()),
  // A dashboard at another address is granted at runtime from the options page.
  optional_host_permissions: optionalHostPatterns(),
  // The same ID on every machine for unpacked builds; the store assigns its own.
  ...(isReleaseBuild() ? {} : { key: DEV_EXTENSION_KEY }),
  // The dashboard content script is registered by the worker (scripting.registerContentScripts):
  // one path for the build-time dashboard and for one chosen in the options page.
});
