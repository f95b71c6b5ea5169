import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createBadgePainter, iconPaths } from '../../src/background/badge.ts';
import { badgeView } from '../../src/shared/badge-view.ts';
import type { SyncState } from '../../src/shared/sync-state.ts';
import type { SyncView } from '../../src/shared/sync-view.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts';
import { recordShowing, viewShowing, type Shown } from './records.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const BELLA = { client: { id: 'c1', name: "Bella's Bistro" }, context: { clientId: 'c1', clientName: "Bella's Bistro", isAdmin: true } };
const withClient = (over: Shown): SyncView => viewShowing({ ...BELLA, ...over });
/** The stored facts that show `over`'s status: what the painter is handed. */
const SETTINGS = () => Promise.resolve(DEFAULT_SETTINGS);
const storedWithClient = (over: Shown): SyncState => recordShowing({ ...BELLA, now: NOW, ...over });

describe('badge view (the badge table, docs/architecture.md)', () => {
  it.each([
    ['syncing', { status: 'syncing' }, '…', '#2563eb', "Toast sync · Bella's Bistro · syncing…", 'active'],
    [
      'success',
      { status: 'success', lastSyncAt: new Date(NOW - 120_000).toISOString() },
      '✓',
      '#16a34a',
      "Toast sync · Bella's Bistro · last synced 2 minutes ago",
      'active',
    ],
    [
      'rate-limited',
      { status: 'rate-limited', retryNotBefore: NOW + 12_000 },
      'wait',
      '#d97706',
      "Toast sync · Bella's Bistro · rate limited, retrying in 12 seconds",
      'active',
    ],
    [
      'error',
      { status: 'error', error: 'The dashboard had a problem (HTTP 500).' },
      '!',
      '#dc2626',
      "Toast sync · Bella's Bistro · The dashboard had a problem (HTTP 500).",
      'active',
    ],
    ['signed-out', { status: 'signed-out' }, '?', '#6b7280', 'Toast sync · signed out of the dashboard', 'inactive'],
    [
      'paused',
      { status: 'paused', pause: { user: true, locked: false, offline: false, noDashboardTab: false } },
      'off',
      '#6b7280',
      'Toast sync · paused',
      'inactive',
    ],
  ] as const)('%s', (_name, over, text, color, title, icon) => {
    expect(badgeView(withClient(over as Shown), NOW)).toEqual({ text, color, title, icon });
  });

  it('idle with no client: empty badge, greyed icon', () => {
    expect(badgeView(viewShowing({}), NOW)).toEqual({
      text: '',
      color: null,
      title: 'Toast sync · no client selected',
      icon: 'inactive',
    });
  });

  it('names why sync is paused', () => {
    const locked = withClient({ status: 'paused', pause: { user: false, locked: true, offline: false, noDashboardTab: false } });
    expect(badgeView(locked, NOW).title).toBe('Toast sync · paused while the screen is locked');
    const offline = withClient({ status: 'paused', pause: { user: false, locked: false, offline: true, noDashboardTab: false } });
    expect(badgeView(offline, NOW).title).toBe('Toast sync · paused while offline');
  });

  it('a failure says when the next try is, as a clock time (the tooltip is not redrawn every second)', () => {
    const at = NOW + 75_000;
    const state = withClient({ status: 'error', error: 'The dashboard had a problem (HTTP 503). Retrying.', nextAttemptAt: at });
    const clock = new Date(at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
    expect(badgeView(state, NOW).title).toBe(
      `Toast sync · Bella's Bistro · The dashboard had a problem (HTTP 503). Retrying. Next try at ${clock}.`,
    );
  });

  it('a client without a name is shown by its id', () => {
    const state = withClient({ status: 'syncing', client: { id: '42', name: null } });
    expect(badgeView(state, NOW).title).toBe('Toast sync · client 42 · syncing…');
  });
});

describe('badge view without host access to the dashboard', () => {
  const NO_ACCESS =
    "Toast sync · Bella's Bistro · No access to https://crm.example.com yet. Open the Toast Sync popup and choose Allow access.";
  const at = (over: Shown): SyncView => withClient({ dashboard: 'https://crm.example.com', ...over });

  it.each([
    ['the last sync succeeded', { status: 'success', lastSyncAt: new Date(NOW - 120_000).toISOString() }],
    ['none yet', { status: 'idle' }],
    ['rate-limited', { status: 'rate-limited', retryNotBefore: NOW + 12_000 }],
    ['another failure', { status: 'error', error: 'The dashboard had a problem (HTTP 500).' }],
  ] as const)('%s: a red ! that says how to give it', (_name, over) => {
    const noAccess = { text: '!', color: '#dc2626', title: NO_ACCESS, icon: 'active' };
    expect(badgeView(at(over as Shown), NOW, false)).toEqual(noAccess);
  });

  it('where nothing would be sent anyway, the badge says what it said', () => {
    const paused = at({ status: 'paused', pause: { user: true, locked: false, offline: false, noDashboardTab: false } });
    const signedOut = at({ status: 'signed-out' });
    const notAdmin = at({ status: 'idle', context: { clientId: 'c1', clientName: null, isAdmin: false } });
    const noClient = viewShowing({ dashboard: 'https://crm.example.com' });
    for (const state of [paused, signedOut, notAdmin, noClient]) expect(badgeView(state, NOW, false)).toEqual(badgeView(state, NOW));
  });

  it('a record that does not say which dashboard it is about claims nothing', () => {
    const old = withClient({ status: 'success', dashboard: null });
    expect(badgeView(old, NOW, false)).toEqual(badgeView(old, NOW));
  });
});

describe('badge painter', () => {
  /** fake-browser has no `setIcon`. */
  const action = () => ({ ...fakeBrowser.action, setIcon: () => Promise.resolve() });

  it('writes text, colour, tooltip and icon to the action', async () => {
    const setIcon = vi.fn(() => Promise.resolve());
    const { paint } = createBadgePainter({ ...fakeBrowser.action, setIcon }, () => NOW, SETTINGS);
    await paint(storedWithClient({ status: 'error', error: 'Boom.' }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toBe("Toast sync · Bella's Bistro · Boom.");
    expect(setIcon).toHaveBeenLastCalledWith({ path: iconPaths('active') });
    await paint(storedWithClient({ status: 'signed-out' }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
    expect(setIcon).toHaveBeenLastCalledWith({ path: iconPaths('inactive') });
  });

  it('asks about host access to the record’s dashboard, and draws the last state again when it changes', async () => {
    let granted = true;
    const asked: string[] = [];
    const painter = createBadgePainter(
      action(),
      () => NOW,
      SETTINGS,
      (origin) => {
        asked.push(origin);
        return Promise.resolve(granted);
      },
    );
    await painter.repaint(); // nothing drawn yet: nothing to draw again
    expect(asked).toEqual([]);
    await painter.paint(
      storedWithClient({ status: 'success', dashboard: 'https://crm.example.com', lastSyncAt: new Date(NOW).toISOString() }),
    );
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✓');
    granted = false;
    await painter.repaint();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/No access to https:\/\/crm\.example\.com yet/);
    granted = true;
    await painter.repaint();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✓');
    expect(asked).toEqual(['https://crm.example.com', 'https://crm.example.com', 'https://crm.example.com']);
  });

  it('draws states in the order they came, however late the access answers come', async () => {
    const answers: (() => void)[] = [];
    const painter = createBadgePainter(
      action(),
      () => NOW,
      SETTINGS,
      () => new Promise((resolve) => answers.push(() => resolve(true))),
    );
    const first = painter.paint(storedWithClient({ status: 'syncing', dashboard: 'https://crm.example.com' }));
    const second = painter.paint(storedWithClient({ status: 'error', error: 'Boom.', dashboard: 'https://crm.example.com' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers).toHaveLength(1); // the second waits for the first
    answers[0]?.();
    await first;
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]?.();
    await second;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
  });

  it('an access check that fails draws the record as it is', async () => {
    const { paint } = createBadgePainter(
      action(),
      () => NOW,
      SETTINGS,
      () => Promise.reject(new Error('no answer')),
    );
    await paint(storedWithClient({ status: 'success', dashboard: 'https://crm.example.com', lastSyncAt: new Date(NOW).toISOString() }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✓');
  });
});
