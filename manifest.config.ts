import { defineManifest, type ManifestV3Export } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import {
  dashboardBuildUrl,
  DEV_EXTENSION_KEY,
  GECKO_ID,
  GECKO_ANDROID_MIN_VERSION,
  GECKO_MIN_VERSION,
  isReleaseBuild,
  optionalHostPatterns,
  targetBrowser,
  type TargetBrowser,
} from './build-config.ts';
import { dashboardPatterns } from './src/shared/dashboard-origin.ts';

const icons = { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' };
const BACKGROUND = 'src/background/index.ts';

/** What only one browser reads: Chrome's signing key and policy schema, Firefox's add-on settings. */
function browserSpecific(browser: TargetBrowser): Record<string, unknown> {
  if (browser === 'firefox') {
    return {
      // Firefox runs MV3 backgrounds as event pages (scripts), not service workers.
      background: { scripts: [BACKGROUND], type: 'module' },
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: GECKO_MIN_VERSION,
          // Nothing leaves the browser except the dashboard's own sync request.
          data_collection_permissions: { required: ['none'] },
        },
        // Firefox for Android reads data_collection_permissions from 142 on.
        gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
      },
    };
  }
  return {
    minimum_chrome_version: '120',
    background: { service_worker: BACKGROUND, type: 'module' },
    // Company policy over the settings (chrome.storage.managed); see the README's "For IT".
    storage: { managed_schema: 'managed-schema.json' },
    // The same ID on every machine for unpacked builds; the store assigns its own.
    ...(isReleaseBuild() ? {} : { key: DEV_EXTENSION_KEY }),
  };
}

export function manifestFor(browser: TargetBrowser): ManifestV3Export {
  return defineManifest({
    manifest_version: 3,
    name: 'Toast Sync Companion',
    description: "Keeps the CRM dashboard's Toast order sync running for the selected client, with its status at a glance.",
    version: pkg.version,
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
    // idle tells Chrome's build when the screen locks; Firefox never reports that, so no idle there.
    permissions: ['alarms', 'storage', ...(browser === 'firefox' ? [] : ['idle']), 'scripting', 'webRequest'],
    host_permissions: dashboardPatterns(dashboardBuildUrl(), browser),
    // A dashboard at another address is granted at runtime from the options page.
    optional_host_permissions: optionalHostPatterns(),
    // The dashboard content script is registered by the worker (scripting.registerContentScripts):
    // one path for the build-time dashboard and for one chosen in the options page.
    ...browserSpecific(browser),
  } as Parameters<typeof defineManifest>[0]);
}

export default manifestFor(targetBrowser());
