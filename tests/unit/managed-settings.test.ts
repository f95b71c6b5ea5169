import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  effectiveSettings,
  managedBefore,
  parseManagedSettings,
  rejectedManagedKeys,
  settingsAroundChange,
  SETTINGS_KEY,
} from '../../src/shared/settings.ts';

describe('company policy over the settings (storage.managed)', () => {
  it.each([
    ['nothing set', {}, {}],
    ['not an object', 'https://crm.example.com', {}],
    ['a dashboard address', { dashboardUrl: 'https://crm.example.com' }, { dashboardUrl: 'https://crm.example.com' }],
    ['spaces around a text value are trimmed', { pinnedClientId: '  c-harbor ' }, { pinnedClientId: 'c-harbor' }],
    ['an empty dashboard address sets nothing', { dashboardUrl: '' }, {}],
    ['plain http to a public host is refused', { dashboardUrl: 'http://crm.example.com' }, {}],
    ['an interval below the minimum is refused', { intervalSeconds: 5 }, {}],
    ['an interval as text is refused', { intervalSeconds: '60' }, {}],
    ['a valid interval', { intervalSeconds: 120 }, { intervalSeconds: 120 }],
    ['booleans', { pauseWhenLocked: false, onlyWhileDashboardOpen: true }, { pauseWhenLocked: false, onlyWhileDashboardOpen: true }],
    ['a boolean as text is refused', { pauseWhenLocked: 'false' }, {}],
    ['keys the policy may not set are ignored', { version: 9, extra: 'x' }, {}],
    ['an empty pinned client pins nothing but is set (the page decides)', { pinnedClientId: '' }, { pinnedClientId: '' }],
  ])('%s', (_name, raw, expected) => {
    expect(parseManagedSettings(raw)).toEqual(expected);
  });

  it('names the keys it had to ignore, and only those', () => {
    expect(rejectedManagedKeys({ intervalSeconds: 5, dashboardUrl: 'https://crm.example.com', pauseWhenLocked: 'no' })).toEqual([
      'intervalSeconds',
      'pauseWhenLocked',
    ]);
    expect(rejectedManagedKeys({})).toEqual([]);
  });

  it('precedence: policy > the admin’s own choice > default', () => {
    const own = { ...DEFAULT_SETTINGS, intervalSeconds: 90, pinnedClientId: 'mine' };
    const inForce = effectiveSettings(own, { intervalSeconds: 300 });
    expect(inForce.intervalSeconds).toBe(300); // policy
    expect(inForce.pinnedClientId).toBe('mine'); // the admin's
    expect(inForce.pauseWhenLocked).toBe(DEFAULT_SETTINGS.pauseWhenLocked); // default
  });

  it('puts a policy change’s old values back to know what was in force before it', () => {
    const now = { intervalSeconds: 300, pinnedClientId: 'c-harbor' };
    expect(
      managedBefore(now, {
        intervalSeconds: { oldValue: 120, newValue: 300 },
        pinnedClientId: { newValue: 'c-harbor' },
        signOutSelector: { oldValue: '#out' },
      }),
    ).toEqual({ intervalSeconds: 120, signOutSelector: '#out' });
  });

  it('the settings around a policy change (Chromium gives no old values): the admin’s own values under the old and new policy', () => {
    const own = { ...DEFAULT_SETTINGS, intervalSeconds: 90 };
    const { previous, next } = settingsAroundChange(own, { intervalSeconds: 300 }, { intervalSeconds: { newValue: 300 } }, 'managed');
    expect(previous.intervalSeconds).toBe(90);
    expect(next.intervalSeconds).toBe(300);
  });

  it('the settings around the admin’s own change: read from the event, still under the policy', () => {
    const change = {
      [SETTINGS_KEY]: {
        oldValue: { ...DEFAULT_SETTINGS, pinnedClientId: 'a' },
        newValue: { ...DEFAULT_SETTINGS, pinnedClientId: 'b', intervalSeconds: 45 },
      },
    };
    const { previous, next } = settingsAroundChange(DEFAULT_SETTINGS, { intervalSeconds: 600 }, change, 'sync');
    expect([previous.pinnedClientId, next.pinnedClientId]).toEqual(['a', 'b']);
    // The admin chose 45 s, but the policy holds the interval.
    expect([previous.intervalSeconds, next.intervalSeconds]).toEqual([600, 600]);
  });
});
