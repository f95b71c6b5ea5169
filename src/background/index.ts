/**
 * Service worker entry: wiring only. Every listener is registered synchronously at top level,
 * so Chromium delivers the event that woke the worker (an alarm, a message) to it.
 */

import { browser } from '../shared/browser.ts';
import { SYNC_ALARM, SYNC_NOW_COMMAND } from '../shared/constants.ts';
import { onLatePolicy } from '../shared/settings-reader.ts';
import { KNOWS_SCREEN_LOCK } from '../shared/target-browser.ts';
import { PAGE_SYNC_URLS } from './page-sync-observer.ts';
import { createWorker } from './worker.ts';

const worker = createWorker();
void worker.registerContentScript();

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM) void worker.engine.onAlarm();
});

browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: unknown) => void) => {
  worker.handleMessage(message, sender).then(sendResponse, (error: unknown) =>
    sendResponse({ error: error instanceof Error ? error.message : 'Toast sync failed to answer.' }),
  );
  return true;
});

browser.permissions.onAdded.addListener(() => void worker.registerContentScript());

// Starting the worker is what these are for: the engine's start-up check runs on load.
browser.runtime.onStartup.addListener(() => void worker.engine.ready);
browser.runtime.onInstalled.addListener(() => void worker.engine.ready);

// The dashboard's own Sync Now: learn its outcome so the page and the extension never double-sync.
const pageSyncFilter = { urls: PAGE_SYNC_URLS, types: ['xmlhttprequest' as const] };
browser.webRequest.onBeforeRequest.addListener((details) => void worker.pageSyncs.started(details), pageSyncFilter, ['requestBody']);
browser.webRequest.onCompleted.addListener(
  (details) => void worker.pageSyncs.completed(details),
  pageSyncFilter,
  ['responseHeaders'],
);
browser.webRequest.onErrorOccurred.addListener((details) => void worker.pageSyncs.failed(details), pageSyncFilter);

// Firefox never reports `locked`, and its build does not ask for the idle permission.
if (KNOWS_SCREEN_LOCK) {
  browser.idle.onStateChanged.addListener((state) => void worker.engine.setScreenLocked(state === 'locked'));
  // onStateChanged only reports changes: learn the current state once per worker start.
  void browser.idle.queryState(60).then((state) => worker.engine.setScreenLocked(state === 'locked'));
}

browser.commands.onCommand.addListener((command) => {
  if (command === SYNC_NOW_COMMAND) void worker.engine.syncNow('shortcut');
});

// The admin's settings (area sync) and the company policy (area managed) apply at once.
browser.storage.onChanged.addListener((changes, area) => void worker.storageChanged(changes, area));
onLatePolicy((policy, before) => void worker.policyArrived(policy, before));

self.addEventListener('online', () => void worker.engine.setOnline(true));
self.addEventListener('offline', () => void worker.engine.setOnline(false));
