import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createBadgePainter, iconPaths } from '../../src/background/badge.ts';
import { badgeView } from '../../src/shared/badge-view.ts';
import { defaultSyncState, type SyncState } from '../../src/shared/sync-state.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const withClient = (over: Partial<SyncState>): SyncState => ({
  ...defaultSyncState(),
  client: { id: 'c1', name: "Bella's Bistro" },
  context: { clientId: 'c1', clientName: "Bella's Bistro", isAdmin: true },
  ...over,
});

describe('badge view (the README’s badge table)', () => {
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
    ['paused', { status: 'paused', pause: { user: true, locked: false, offline: false, noDashboardTab: false } }, 'off', '#6b7280', 'Toast sync · paused', 'inactive'],
  ] as const)('%s', (_name, over, text, color, title, icon) => {
    expect(badgeView(withClient(over as Partial<SyncState>), NOW)).toEqual({ text, color, title, icon });
  });

  it('idle with no client: empty badge, greyed icon', () => {
    expect(badgeView(defaultSyncState(), NOW)).toEqual({
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
    expect(badgeView(state, NOW).title).toBe(`Toast sync · Bella's Bistro · The dashboard had a problem (HTTP 503). Retrying. Next try at ${clock}.`);
  });

  it('a client without a name is shown by its id', () => {
    const state = withClient({ status: 'syncing', client: { id: '42', name: null } });
    expect(badgeView(state, NOW).title).toBe('Toast sync · client 42 · syncing…');
  });
});

describe('badge painter', () => {
  it('writes text, colour, tooltip and icon to the action', async () => {
    const setIcon = vi.fn(() => Promise.resolve());
    const paint = createBadgePainter({ ...fakeBrowser.action, setIcon }, () => NOW);
    await paint(withClient({ status: 'error', error: 'Boom.' }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toBe("Toast sync · Bella's Bistro · Boom.");
    expect(setIcon).toHaveBeenLastCalledWith({ path: iconPaths('active') });
    await paint(withClient({ status: 'signed-out' }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
    expect(setIcon).toHaveBeenLastCalledWith({ path: iconPaths('inactive') });
  });
});
