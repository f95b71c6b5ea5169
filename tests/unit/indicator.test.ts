// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indicatorView, syncedEvent } from '../../src/content/indicator-state.ts';
import { createMount, HYDRATION_RETRY_MS } from '../../src/content/indicator-mount.ts';
import { createIndicator, INDICATOR_ATTRIBUTE } from '../../src/content/indicator-view.ts';
import { findSignOut } from '../../src/content/sign-out.ts';
import { defaultSyncState, type Attempt } from '../../src/shared/sync-state.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts';
import { INTERRUPTED_MESSAGE, syncView, type SyncView } from '../../src/shared/sync-view.ts';
import { recordShowing, type Shown } from './records.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const page = { clientId: 'c-bella', clientName: "Bella's Bistro", isAdmin: true };
/** The view the content script derives from the stored record (`syncView`). */
const state = (over: Shown): SyncView =>
  syncView(recordShowing({ client: { id: 'c-bella', name: "Bella's Bistro" }, context: page, now: NOW, ...over }), DEFAULT_SETTINGS, NOW);

afterEach(() => {
  document.body.replaceChildren();
});

describe('indicator wording', () => {
  it.each([
    ['syncing', { status: 'syncing' }, 'busy', 'Syncing…'],
    ['success', { status: 'success', lastSyncAt: new Date(NOW - 3 * 60_000).toISOString() }, 'ok', 'Last synced 3m ago'],
    ['rate-limited', { status: 'rate-limited', retryNotBefore: NOW + 12_000 }, 'warn', 'Rate limited, retrying in 12s'],
    [
      'error',
      { status: 'error', error: 'Sync failed (404): No Toast integration for this client.' },
      'error',
      'Sync failed (404): No Toast integration for this client.',
    ],
    ['idle with a client', { status: 'idle' }, 'muted', 'Auto-sync active'],
    ['signed out', { status: 'signed-out' }, 'muted', 'Signed out: sign in to sync'],
    ['paused', { status: 'paused', pause: { user: true, locked: false, offline: false, noDashboardTab: false } }, 'muted', 'Paused'],
  ] as const)('%s', (_name, over, tone, text) => {
    expect(indicatorView(state(over as Shown), page, NOW)).toMatchObject({ tone, text });
  });

  it('a lease that has run out is not shown as a spinner: that sync was interrupted', () => {
    const stale = state({ status: 'syncing', lease: { owner: 'dead-worker', expiresAt: NOW - 1 } });
    expect(indicatorView(stale, page, NOW)).toMatchObject({ tone: 'error', text: INTERRUPTED_MESSAGE });
    const live = state({ status: 'syncing', lease: { owner: 'worker', expiresAt: NOW + 20_000 } });
    expect(indicatorView(live, page, NOW)).toMatchObject({ tone: 'busy', text: 'Syncing…' });
  });

  it('shows nothing without a client, or for a non-admin', () => {
    expect(indicatorView(syncView(defaultSyncState(), DEFAULT_SETTINGS, NOW), null, NOW)).toBeNull();
    expect(indicatorView(state({ context: { ...page, isAdmin: false } }), null, NOW)).toBeNull();
    expect(indicatorView(state({}), { ...page, isAdmin: false }, NOW)).toBeNull();
    expect(indicatorView(state({}), { clientId: null, clientName: null, isAdmin: true }, NOW)).toBeNull();
  });
});

describe('indicator rendering', () => {
  it('puts server text in as text: markup shows, nothing runs', () => {
    const hostile = 'Failed: <img src=x onerror="window.pwned=1">';
    const { host, render } = createIndicator(() => undefined);
    document.body.append(host);
    render({ tone: 'error', text: hostile, title: hostile });
    const root = host.shadowRoot;
    expect(root?.querySelector('img')).toBeNull();
    expect(root?.querySelector('.text')?.textContent).toBe(hostile);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('is an open shadow root with a live status region; a click offers Sync Now', () => {
    const onSyncNow = vi.fn();
    const { host, render } = createIndicator(onSyncNow);
    document.body.append(host);
    render({ tone: 'ok', text: 'Last synced 1m ago', title: 'Last synced 1 minute ago' });
    const root = host.shadowRoot;
    expect(host.hasAttribute(INDICATOR_ATTRIBUTE)).toBe(true);
    expect(root?.querySelector('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
    const status = root?.querySelector<HTMLButtonElement>('.status');
    const syncNow = root?.querySelector<HTMLButtonElement>('.sync-now');
    expect(syncNow?.hidden).toBe(true);
    status?.click();
    expect(status?.getAttribute('aria-expanded')).toBe('true');
    expect(syncNow?.hidden).toBe(false);
    syncNow?.click();
    expect(onSyncNow).toHaveBeenCalledTimes(1);
    expect(syncNow?.hidden).toBe(true);
  });
});

describe('indicator keyboard', () => {
  it('is real buttons; Escape or Sync now hands focus back to the row instead of dropping it', () => {
    const onSyncNow = vi.fn();
    const { host, render } = createIndicator(onSyncNow);
    document.body.append(host);
    render({ tone: 'ok', text: 'Last synced 1m ago', title: 'Last synced 1 minute ago' });
    const root = host.shadowRoot;
    const status = root?.querySelector<HTMLButtonElement>('.status');
    const syncNow = root?.querySelector<HTMLButtonElement>('.sync-now');
    expect(status?.tagName).toBe('BUTTON');
    status?.click();
    syncNow?.focus();
    expect(root?.activeElement).toBe(syncNow);
    syncNow?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(syncNow?.hidden).toBe(true);
    expect(root?.activeElement).toBe(status);
    status?.click();
    syncNow?.focus();
    syncNow?.click();
    expect(onSyncNow).toHaveBeenCalledTimes(1);
    expect(root?.activeElement).toBe(status);
  });
});

describe('finding Sign Out', () => {
  const shapes: [string, string][] = [
    ['a button', '<aside><nav><a href="/visits">Visits</a></nav><button id="x">Sign Out</button></aside>'],
    ['a link', '<aside><a href="/logout" id="x">Sign out</a></aside>'],
    ['nested text and spacing', '<aside><button id="x"><svg></svg><span>  Log   out </span></button></aside>'],
    ['a role=button div', '<aside><div role="button" id="x">SIGN OUT</div></aside>'],
    ['a submit input', '<form action="/logout"><input type="submit" id="x" value="Log out"></form>'],
  ];
  it.each(shapes)('%s', (_name, html) => {
    document.body.innerHTML = html;
    expect(findSignOut(document, '')?.id).toBe('x');
  });

  it('ignores other controls that merely mention signing out', () => {
    document.body.innerHTML = '<button>Sign out of all devices</button><a>How to sign out</a>';
    expect(findSignOut(document, '')).toBeNull();
  });

  it('uses the configured selector, and a bad selector finds nothing', () => {
    document.body.innerHTML = '<button>Sign Out</button><button class="bye">Tschüss</button>';
    expect(findSignOut(document, '.bye')?.textContent).toBe('Tschüss');
    expect(findSignOut(document, 'button[')).toBeNull();
  });
});

describe('mounting above Sign Out', () => {
  function sidebar(): HTMLElement {
    const aside = document.createElement('aside');
    const nav = document.createElement('nav');
    nav.textContent = 'Visits Orders';
    const button = document.createElement('button');
    button.textContent = 'Sign Out';
    aside.append(nav, button);
    return aside;
  }

  function mountFor(host: HTMLElement, isPending: (anchor: Element) => boolean = () => false) {
    return createMount({
      root: document,
      host,
      findAnchor: () => findSignOut(document, ''),
      isPending,
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
  }

  it('waits while the page has not hydrated Sign Out, then goes in on the next retry', () => {
    vi.useFakeTimers();
    try {
      document.body.append(sidebar());
      const { host } = createIndicator(() => undefined);
      let pending = true;
      const asked: Element[] = [];
      const mount = mountFor(host, (anchor) => {
        asked.push(anchor);
        return pending;
      });
      mount.setVisible(true);
      expect(host.isConnected).toBe(false);
      expect(asked[0]?.textContent).toBe('Sign Out');
      vi.advanceTimersByTime(HYDRATION_RETRY_MS);
      expect(host.isConnected).toBe(false);
      pending = false;
      vi.advanceTimersByTime(HYDRATION_RETRY_MS);
      expect(host.nextElementSibling?.textContent).toBe('Sign Out');
      const checks = asked.length;
      vi.advanceTimersByTime(10 * HYDRATION_RETRY_MS);
      expect(asked).toHaveLength(checks); // in place: no more polling
      mount.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sits directly above Sign Out, once', () => {
    document.body.append(sidebar());
    const { host } = createIndicator(() => undefined);
    const mount = mountFor(host);
    mount.setVisible(true);
    mount.setVisible(true);
    mount.place();
    expect(document.querySelectorAll(`[${INDICATOR_ATTRIBUTE}]`)).toHaveLength(1);
    expect(host.nextElementSibling?.textContent).toBe('Sign Out');
    mount.stop();
  });

  it('comes back, once, when the page replaces its sidebar, before the next frame', async () => {
    document.body.append(sidebar());
    const { host } = createIndicator(() => undefined);
    const mount = mountFor(host);
    mount.setVisible(true);
    for (let i = 0; i < 3; i++) document.querySelector('aside')?.replaceWith(sidebar());
    // MutationObserver callbacks run as microtasks: before rendering, within the same frame.
    await Promise.resolve();
    expect(document.querySelectorAll(`[${INDICATOR_ATTRIBUTE}]`)).toHaveLength(1);
    expect(host.nextElementSibling?.textContent).toBe('Sign Out');
    expect(host.isConnected).toBe(true);
    mount.stop();
  });

  it('leaves when hidden or stopped, and waits for a Sign Out that is not there yet', async () => {
    const { host } = createIndicator(() => undefined);
    const mount = mountFor(host);
    mount.setVisible(true);
    expect(host.isConnected).toBe(false);
    document.body.append(sidebar());
    await Promise.resolve();
    expect(host.isConnected).toBe(true);
    mount.setVisible(false);
    expect(host.isConnected).toBe(false);
    mount.setVisible(true);
    mount.stop();
    expect(host.isConnected).toBe(false);
    document.querySelector('aside')?.replaceWith(sidebar());
    await Promise.resolve();
    expect(host.isConnected).toBe(false);
  });
});

describe('the toast-sync:synced event', () => {
  const attempt = (over: Partial<Attempt>): Attempt => ({
    at: new Date(NOW).toISOString(),
    clientId: 'c-bella',
    trigger: 'alarm',
    outcome: 'success',
    httpStatus: 200,
    durationMs: 30,
    ordersSynced: 2,
    message: null,
    ...over,
  });

  it('fires for a new attempt the extension made, once', () => {
    const before = state({ lastResult: attempt({ at: new Date(NOW - 60_000).toISOString() }) });
    const after = state({ lastResult: attempt({}), lastSyncAt: new Date(NOW).toISOString() });
    expect(syncedEvent(before, after)).toEqual({ clientId: 'c-bella', status: 'success', syncedAt: new Date(NOW).toISOString() });
    expect(syncedEvent(after, after)).toBeNull();
  });

  it('does not fire for a sync the page made itself', () => {
    expect(syncedEvent(state({}), state({ lastResult: attempt({ trigger: 'page' }) }))).toBeNull();
  });
});
