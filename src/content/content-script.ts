/**
 * Dashboard pages: registered at document_start by the worker, and injected by it into
 * dashboard tabs that were already open when the extension started. Wiring only: the page's
 * context goes to the worker (context-feed.ts); the state in storage drives the sidebar
 * indicator (indicator-*.ts) and the `toast-sync:synced` event.
 *
 * One copy runs per page: a second injection into the same page finds the first one alive
 * and does nothing. When the extension is reloaded, updated or disabled, the old copy is
 * orphaned; it removes its indicator and stops as soon as it notices, or at once when a new
 * copy announces itself.
 *
 * It talks to the extension through the browser's own promise-based API (extension-api.ts), not
 * webextension-polyfill, which would add about 3 KB to every dashboard page.
 */

import { extensionApi } from '../shared/extension-api.ts';
import { syncView } from '../shared/sync-view.ts';
import { isSameDashboard } from '../shared/dashboard-origin.ts';
import { dashboardOrigin, DEFAULT_SETTINGS } from '../shared/settings.ts';
import type { SyncState } from '../shared/sync-state.ts';
import { createStored } from '../ui/stored.ts';
import { ANNOUNCEMENT_GRACE_MS, createContextFeed, HELLO_MESSAGE } from './context-feed.ts';
import { askHydrationPending } from './hydration-event.ts';
import { indicatorView, syncedEvent } from './indicator-state.ts';
import { createMount } from './indicator-mount.ts';
import { createIndicator } from './indicator-view.ts';
import { dispatchPageEvent } from './page-event.ts';
import { findSignOut } from './sign-out.ts';

const STARTED_EVENT = 'toast-sync:content-script-started';
const INSTANCE = Symbol.for('toast-sync:content-script');
const api = extensionApi();

interface Running {
  alive(): boolean;
  stop(): void;
}

const orphaned = (): boolean => {
  try {
    return api.runtime.id === undefined;
  } catch {
    return true;
  }
};

function start(): Running {
  const stop = new AbortController();
  const stored = createStored(api);
  let settings = DEFAULT_SETTINGS;
  let state: SyncState | null = null;
  // Firefox's host patterns cannot name a port, so there this script also runs on other apps
  // of the dashboard's host: nothing shows until the settings say this page is the dashboard.
  let onDashboard = false;
  let href = window.location.href;

  function send(message: { type: 'set-context' | 'sync-now'; context?: unknown }): void {
    const failed = (): void => {
      if (orphaned()) teardown();
    };
    // Chrome's own sendMessage throws at once, rather than rejecting, once the extension is gone.
    try {
      api.runtime.sendMessage(message).catch(failed);
    } catch {
      failed();
    }
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
    isPending: askHydrationPending,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });

  function paint(): void {
    if (orphaned()) {
      teardown();
      return;
    }
    const now = Date.now();
    const view = state === null || !onDashboard ? null : indicatorView(syncView(state, settings, now), feed.current(), now);
    if (view !== null) indicator.render(view);
    mount.setVisible(view !== null);
  }

  const refresh = (): void => {
    feed.refresh();
    paint();
  };

  let grace: ReturnType<typeof setTimeout> | undefined;
  const startGrace = (): void => {
    clearTimeout(grace);
    grace = setTimeout(() => {
      feed.allowFallback();
      paint();
    }, ANNOUNCEMENT_GRACE_MS);
  };

  /**
   * A navigation inside the page. Signing in again is often a form post followed by a
   * client-side navigation, with no page load and an unchanged context: while the worker
   * believes the session is gone, each navigation tells it the page is back (one request).
   * The one signing in may be a non-admin whose page says so only once it has rendered: as
   * after a load, a client id left in localStorage waits out the grace period first.
   */
  function navigated(): void {
    if (window.location.href === href) return;
    href = window.location.href;
    if (state?.signedOut === true) {
      feed.holdFallback();
      feed.resend();
      startGrace();
    }
    refresh();
  }

  function tick(): void {
    navigated();
    paint();
  }
  const ticker = setInterval(tick, 1000);

  function teardown(): void {
    clearInterval(ticker);
    clearTimeout(grace);
    stop.abort();
    mount.stop();
  }

  const on = <K extends keyof WindowEventMap>(target: Window, type: K, listener: (event: WindowEventMap[K]) => void): void =>
    target.addEventListener(type, listener, { signal: stop.signal });

  on(window, 'message', (event) => {
    feed.onMessage(event);
    paint();
  });
  on(window, 'focus', refresh);
  on(window, 'storage', refresh);
  on(window, 'popstate', navigated);
  // The picker writes localStorage in its own change handler; read after it has run.
  document.addEventListener('change', () => setTimeout(refresh, 0), { capture: true, signal: stop.signal });
  // A copy of a newer extension instance started here: an orphaned copy steps aside at once.
  document.addEventListener(
    STARTED_EVENT,
    () => {
      if (orphaned()) teardown();
    },
    { signal: stop.signal },
  );
  if ('navigation' in window) {
    const navigation = window.navigation as EventTarget;
    navigation.addEventListener('currententrychange', navigated, { signal: stop.signal });
    navigation.addEventListener('navigatesuccess', navigated, { signal: stop.signal });
  }

  if (document.readyState === 'complete') startGrace();
  else on(window, 'load', startGrace);
  // Injected into a page that was already open: its announcement, if any, is long past. Ask
  // for it again; a dashboard that announces answers, others ignore the message.
  if (document.readyState !== 'loading') window.postMessage(HELLO_MESSAGE, window.location.origin);

  stored.watchSettings((next) => {
    settings = next;
    refresh();
  }, stop.signal);

  stored.watchSyncState((next) => {
    // Before the first read there is nothing to compare with: no event rather than a stale one.
    const detail = state === null ? null : syncedEvent(state, next);
    state = next;
    paint();
    if (detail !== null && onDashboard) dispatchPageEvent(document, 'toast-sync:synced', detail);
  }, stop.signal);

  void Promise.all([stored.readSettings(), stored.readSyncState()]).then(
    ([read, first]) => {
      settings = read;
      if (!isSameDashboard(window.location.href, dashboardOrigin(read))) {
        teardown();
        return;
      }
      onDashboard = true;
      state ??= first;
      refresh();
    },
    () => undefined,
  );

  return { alive: () => !stop.signal.aborted && !orphaned(), stop: teardown };
}

const scope = globalThis as { [INSTANCE]?: Running };
const running = scope[INSTANCE];
if (running === undefined || !running.alive()) {
  running?.stop();
  document.dispatchEvent(new CustomEvent(STARTED_EVENT));
  scope[INSTANCE] = start();
}
