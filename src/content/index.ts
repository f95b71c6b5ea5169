/**
 * Dashboard pages: tells the worker which client the admin has selected. The page's own
 * announcement wins over localStorage once heard.
 */

import { browser } from '../shared/browser.ts';
import { parseSettings, SETTINGS_KEY } from '../shared/settings.ts';
import type { DashboardContext } from '../shared/sync-state.ts';
import { contextFromMessage, contextFromStorage, sameContext } from './context.ts';

let announced: DashboardContext | null = null;
let lastSent: DashboardContext | null = null;
let storageKey = 'currentClientId';

function send(context: DashboardContext): void {
  if (sameContext(lastSent, context)) return;
  lastSent = context;
  browser.runtime.sendMessage({ type: 'set-context', context }).catch(() => {
    // The extension was reloaded or updated: this script is orphaned and stays quiet.
  });
}

function refresh(): void {
  send(announced ?? contextFromStorage(window.localStorage, storageKey));
}

window.addEventListener('message', (event) => {
  const context = contextFromMessage(event, window, window.location.origin);
  if (context === null) return;
  announced = context;
  send(context);
});

window.addEventListener('focus', refresh);
document.addEventListener('change', () => setTimeout(refresh, 0), true);
window.addEventListener('popstate', refresh);
if ('navigation' in window) {
  (window.navigation as EventTarget).addEventListener('navigatesuccess', refresh);
}

void browser.storage.sync.get(SETTINGS_KEY).then(
  (items) => {
    storageKey = parseSettings(items[SETTINGS_KEY]).clientStorageKey;
    refresh();
  },
  () => refresh(),
);
