/**
 * Dashboard pages (registered at document_start by the worker). Wiring only: the page's
 * context goes to the worker (context-feed.ts); the state in storage drives the sidebar
 * indicator (indicator-*.ts) and the `toast-sync:synced` event. When the extension is reloaded
 * or updated, this orphaned copy removes its indicator and stops.
 */

import { browser } from '../shared/browser.ts';
import { DEFAULT_SETTINGS, parseSettings, SETTINGS_KEY } from '../shared/settings.ts';
import type { SyncState } from '../shared/sync-state.ts';
import { readSyncState, watchSettings, watchSyncState } from '../ui/stored.ts';
import { ANNOUNCEMENT_GRACE_MS, createContextFeed } from './context-feed.ts';
import { indicatorView, syncedEvent } from './indicator-state.ts';
import { createMount } from './indicator-mount.ts';
import { createIndicator } from './indicator-view.ts';
import { findSignOut } from './sign-out.ts';

const stop = new AbortController();
let settings = DEFAULT_SETTINGS;
let state: SyncState | null = null;

const orphaned = (): boolean => {
  try {
    return browser.runtime.id === undefined;
  } catch {
    return true;
  }
};

function send(message: { type: 'set-context' | 'sync-now'; context?: unknown }): void {
  browser.runtime.sendMessage(message).catch(() => {
    if (orphaned()) teardown();
  });
}

const feed = createContextFeed({
  self: window,
  origin: window.location.origin,
  storage: window.localStorage,
  storageKey: () => settings.clientStorageKey,
  send: (context) => send({ type: 'set-context', context }),
});

const indicator = createIndicator(() => send({ type: 'sync-now' }));
const mount = createMount({
  root: document,
  host: indicator.host,
  findAnchor: () => findSignOut(document, settings.signOutSelector),
});

function paint(): void {
  if (orphaned()) {
    teardown();
    return;
  }
  const view = state === null ? null : indicatorView(state, feed.current(), Date.now());
  if (view !== null) indicator.render(view);
  mount.setVisible(view !== null);
}

const ticker = setInterval(paint, 1000);

function teardown(): void {
  clearInterval(ticker);
  stop.abort();
  mount.stop();
}

const on = <K extends keyof WindowEventMap>(target: Window, type: K, listener: (event: WindowEventMap[K]) => void): void =>
  target.addEventListener(type, listener, { signal: stop.signal });

on(window, 'message', (event) => {
  feed.onMessage(event);
  paint();
});
const refresh = (): void => {
  feed.refresh();
  paint();
};
on(window, 'focus', refresh);
on(window, 'popstate', refresh);
on(window, 'storage', refresh);
// The picker writes localStorage in its own change handler; read after it has run.
document.addEventListener('change', () => setTimeout(refresh, 0), { capture: true, signal: stop.signal });
if ('navigation' in window) {
  (window.navigation as EventTarget).addEventListener('navigatesuccess', refresh, { signal: stop.signal });
}

const startGrace = (): void => {
  setTimeout(() => {
    feed.allowFallback();
    paint();
  }, ANNOUNCEMENT_GRACE_MS);
};
if (document.readyState === 'complete') startGrace();
else on(window, 'load', startGrace);

watchSettings((next) => {
  settings = next;
  refresh();
}, stop.signal);

watchSyncState((next) => {
  // Before the first read there is nothing to compare with: no event rather than a stale one.
  const detail = state === null ? null : syncedEvent(state, next);
  state = next;
  paint();
  if (detail !== null) document.dispatchEvent(new CustomEvent('toast-sync:synced', { detail }));
}, stop.signal);

void Promise.all([browser.storage.sync.get(SETTINGS_KEY), readSyncState()]).then(
  ([items, first]) => {
    settings = parseSettings(items[SETTINGS_KEY]);
    state ??= first;
    refresh();
  },
  () => undefined,
);
