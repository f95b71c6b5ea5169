/**
 * Builds the engine from the real browser: the thin adapter layer between `browser.*` and
 * the ports the core takes. Nothing here decides anything.
 */

import { browser } from '../shared/browser.ts';
import { parseSettings, dashboardOrigin, policyChanges, settingsAroundChange, type Settings } from '../shared/settings.ts';
import { POLICY_WAIT_MS, touchesSettings, type SettingsReader } from '../shared/settings-reader.ts';
import { createBadgePainter } from './badge.ts';
import { createEngine, type Engine } from './engine.ts';
import { handleMessage, pagesOriginOf, type SenderInfo } from './message-handler.ts';
import { createPageSyncObserver, type PageSyncObserver } from './page-sync-observer.ts';
import { syncContentScript, type DashboardScriptFiles, type RegistrationResult } from './content-script-registration.ts';
import { adoptOpenTabs } from './tab-adoption.ts';
import { permissionsChanged } from './permission-change.ts';
import { dashboardPatterns, hostPattern, isSameDashboard } from '../shared/dashboard-origin.ts';
import { TARGET_BROWSER } from '../shared/target-browser.ts';
import { NoHostAccess } from './sync-request.ts';
import contentScriptFile from '../content/content-script.ts?script&iife';
import hydrationProbeFile from '../content/hydration-probe.ts?script&iife';

const FILES: DashboardScriptFiles = { content: contentScriptFile, probe: hydrationProbeFile };
/**
 * `storage.session` is emptied when the extension is installed, updated, reloaded, disabled or
 * the browser restarts: exactly the moments when open dashboard tabs may lack the content
 * script. It records which dashboard's open tabs this extension instance has already adopted.
 */
const ADOPTED_KEY = 'adoptedTabsOf';

export interface BrowserAdapter {
  engine: Engine;
  /** The dashboard page's own syncs, seen through webRequest. */
  pageSyncs: PageSyncObserver;
  handleMessage(message: unknown, sender: SenderInfo): Promise<unknown>;
  /**
   * Registers the dashboard content scripts for the current dashboard origin, and injects them
   * into dashboard tabs that were open before this extension instance or registration began.
   */
  registerContentScript(): Promise<RegistrationResult | 'failed'>;
  /** A storage change: the admin's settings or the company policy may have changed. */
  storageChanged(changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string): Promise<void>;
  /** The company policy arrived after reads went on without it (`before`: what they used). */
  policyArrived(policy: Record<string, unknown>, before: Record<string, unknown>): Promise<void>;
  /** Permissions were given or withdrawn: host access to the dashboard may have come or gone. */
  permissionsChanged(): Promise<void>;
}

/** The check the sync request makes before it goes out: the badge and the retry ask the same. */
function hasHostAccess(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [hostPattern(origin, TARGET_BROWSER)] });
}

/** `reader`: the worker's settings reader; the entry passes its late-policy arrivals to `policyArrived`. */
export function createBrowserAdapter(reader: SettingsReader): BrowserAdapter {
  /** The worker's read: the settings in force, waiting for a slow policy no longer than the worker may. */
  async function settingsOrDefaults(): Promise<Settings> {
    try {
      return await reader.readSettings(POLICY_WAIT_MS);
    } catch (error) {
      console.warn('Toast sync: settings unreadable, using defaults', error);
      return parseSettings(undefined);
    }
  }

  const now = (): number => Date.now();
  const badge = createBadgePainter(browser.action, now, settingsOrDefaults, hasHostAccess);
  const engine = createEngine({
    now,
    random: Math.random,
    fetch: async (url, init) => {
      if (!(await hasHostAccess(new URL(url).origin))) throw new NoHostAccess();
      return fetch(url, init);
    },
    timers: {
      set: (callback, ms) => setTimeout(callback, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    storage: {
      get: (key) => browser.storage.local.get(key),
      set: (items) => browser.storage.local.set(items),
    },
    alarms: {
      get: async (name) => (await browser.alarms.get(name)) ?? undefined,
      create: (name, info) => browser.alarms.create(name, info),
      clear: (name) => browser.alarms.clear(name),
    },
    settings: settingsOrDefaults,
    isOnline: () => navigator.onLine,
    // Host permission for the dashboard is enough to match tabs by URL; no `tabs` permission.
    dashboardTabOpen: async () => {
      const origin = dashboardOrigin(await settingsOrDefaults());
      const tabs = await browser.tabs.query({ url: dashboardPatterns(origin, TARGET_BROWSER) });
      return tabs.some((tab) => isSameDashboard(tab.url, origin));
    },
    onStateChange: badge.paint,
  });
  // Start-up, settings changes and permission changes may all ask at once: one at a time.
  let registration: Promise<RegistrationResult | 'failed'> = Promise.resolve('unchanged');
  function registerContentScript(): Promise<RegistrationResult | 'failed'> {
    registration = registration.then(register);
    return registration;
  }
  async function register(): Promise<RegistrationResult | 'failed'> {
    try {
      const origin = dashboardOrigin(await settingsOrDefaults());
      const result = await syncContentScript(browser.scripting, browser.permissions, origin, FILES, TARGET_BROWSER);
      if (result !== 'no-permission') await adopt(origin, result === 'registered');
      return result;
    } catch (error) {
      console.error('Toast sync: could not register the dashboard content script', error);
      return 'failed';
    }
  }

  async function adopt(origin: string, newRegistration: boolean): Promise<void> {
    const adopted = (await browser.storage.session.get(ADOPTED_KEY))[ADOPTED_KEY];
    if (!newRegistration && adopted === origin) return;
    await adoptOpenTabs(browser.tabs, browser.scripting, origin, FILES, TARGET_BROWSER);
    await browser.storage.session.set({ [ADOPTED_KEY]: origin });
  }

  async function storageChanged(changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string): Promise<void> {
    if (!touchesSettings(changes, area)) return;
    if (area === 'managed') reader.notePolicyChange(changes);
    try {
      const layers = await reader.readSettingsLayers(POLICY_WAIT_MS);
      const { previous, next } = settingsAroundChange(layers.own, layers.managedRaw, changes, area);
      await Promise.all([engine.settingsChanged(previous, next), registerContentScript()]);
      // What the badge shows depends on the settings too (a pin, the pause while locked), and a
      // change need not touch the record.
      await badge.repaint();
    } catch (error) {
      console.error('Toast sync: could not apply a settings change', error);
    }
  }

  return {
    engine,
    pageSyncs: createPageSyncObserver({
      dashboardOrigin: async () => dashboardOrigin(await settingsOrDefaults()),
      report: (sync) => engine.pageSynced(sync),
      begun: (requestId, clientId) => engine.pageSyncStarted(requestId, clientId),
      gone: (requestId) => engine.pageSyncGone(requestId),
    }),
    registerContentScript,
    storageChanged,
    policyArrived: (policy, before) => storageChanged(policyChanges(before, policy), 'managed'),
    permissionsChanged: () =>
      permissionsChanged({
        registerContentScript,
        repaintBadge: badge.repaint,
        state: () => engine.getState(),
        hasHostAccess,
        syncNow: () => engine.syncNow('manual'),
      }).catch((error: unknown) => console.error('Toast sync: could not follow a permission change', error)),
    handleMessage: (message, sender) =>
      handleMessage(message, sender, {
        engine,
        extension: { id: browser.runtime.id, pagesOrigin: pagesOriginOf(browser.runtime.getURL('')) },
        dashboardOrigin: async () => dashboardOrigin(await settingsOrDefaults()),
      }),
  };
}
