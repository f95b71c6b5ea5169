/**
 * Service worker entry: wiring only. Every listener is registered synchronously at top level,
 * so Chromium delivers the event that woke the worker (an alarm, a message) to it.
 */

import { browser } from '../shared/browser.ts';
import { SYNC_ALARM, SYNC_NOW_COMMAND } from '../shared/constants.ts';
import { createSettingsReader } from '../shared/settings-reader.ts';
import { KNOWS_SCREEN_LOCK } from '../shared/target-browser.ts';
import { PAGE_SYNC_URLS } from './page-sync-observer.ts';
import { createBrowserAdapter } from './browser-adapter.ts';

const reader = createSettingsReader(browser);
const adapter = createBrowserAdapter(reader);
void adapter.registerContentScript();

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM) void adapter.engine.onAlarm();
});

browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: unknown) => void) => {
  adapter
    .handleMessage(message, sender)
    .then(sendResponse, (error: unknown) =>
      sendResponse({ error: error instanceof Error ? error.message : 'Toast sync failed to answer.' }),
    );
  return true;
});

// Host access to the dashboard can be given and withdrawn while the extension runs.
browser.permissions.onAdded.addListener(() => void adapter.permissionsChanged());
browser.permissions.onRemoved.addListener(() => void adapter.permissionsChanged());

// Starting the worker is what these are for: the engine's start-up check runs on load.
browser.runtime.onStartup.addListener(() => void adapter.engine.ready);
browser.runtime.onInstalled.addListener(() => void adapter.engine.ready);

// The dashboard's own Sync Now: learn its outcome so the page and the extension never double-sync.
const pageSyncFilter = { urls: PAGE_SYNC_URLS, types: ['xmlhttprequest' as const] };
browser.webRequest.onBeforeRequest.addListener((details) => void adapter.pageSyncs.started(details), pageSyncFilter, ['requestBody']);
browser.webRequest.onCompleted.addListener((details) => void adapter.pageSyncs.completed(details), pageSyncFilter, ['responseHeaders']);
browser.webRequest.onErrorOccurred.addListener((details) => void adapter.pageSyncs.failed(details), pageSyncFilter);

// Firefox never reports `locked`, and its build does not ask for the idle permission.
if (KNOWS_SCREEN_LOCK) {
  browser.idle.onStateChanged.addListener((state) => void adapter.engine.setScreenLocked(state === 'locked'));
  // onStateChanged only reports changes: learn the current state once per worker start.
  void browser.idle.queryState(60).then((state) => adapter.engine.setScreenLocked(state === 'locked'));
}

browser.commands.onCommand.addListener((command) => {
  if (command === SYNC_NOW_COMMAND) void adapter.engine.syncNow('shortcut');
});

// The admin's settings (area sync) and the company policy (area managed) apply at once.
browser.storage.onChanged.addListener((changes, area) => void adapter.storageChanged(changes, area));
reader.onLatePolicy((policy, before) => void adapter.policyArrived(policy, before));

self.addEventListener('online', () => void adapter.engine.setOnline(true));
self.addEventListener('offline', () => void adapter.engine.setOnline(false));
