/**
 * Dashboard pages (registered at document_start by the worker): reports the admin's selected
 * client and role to the worker. Wiring only; the decisions live in context-feed.ts.
 */

import { browser } from '../shared/browser.ts';
import { parseSettings, SETTINGS_KEY, DEFAULT_SETTINGS } from '../shared/settings.ts';
import { ANNOUNCEMENT_GRACE_MS, createContextFeed } from './context-feed.ts';

let storageKey = DEFAULT_SETTINGS.clientStorageKey;

const feed = createContextFeed({
  self: window,
  origin: window.location.origin,
  storage: window.localStorage,
  storageKey: () => storageKey,
  send(context) {
    browser.runtime.sendMessage({ type: 'set-context', context }).catch(() => {
      // The extension was reloaded or updated: this script is orphaned and stays quiet.
    });
  },
});

window.addEventListener('message', (event) => feed.onMessage(event));

const refresh = (): void => feed.refresh();
window.addEventListener('focus', refresh);
window.addEventListener('popstate', refresh);
window.addEventListener('storage', refresh);
// The picker writes localStorage in its own change handler; read after it has run.
document.addEventListener('change', () => setTimeout(refresh, 0), true);
if ('navigation' in window) {
  (window.navigation as EventTarget).addEventListener('navigatesuccess', refresh);
}

function startGrace(): void {
  setTimeout(() => feed.allowFallback(), ANNOUNCEMENT_GRACE_MS);
}
if (document.readyState === 'complete') startGrace();
else window.addEventListener('load', startGrace, { once: true });

browser.storage.sync.get(SETTINGS_KEY).then(
  (items) => {
    storageKey = parseSettings(items[SETTINGS_KEY]).clientStorageKey;
    feed.refresh();
  },
  () => undefined,
);
