import { describe, expect, it } from 'vitest';
import { dashboardPatterns, hostPattern, isAllowedDashboardUrl, parseDashboardOrigin } from '../../src/shared/dashboard-origin.ts';
import { defaultSyncState, parseSyncState, type Attempt } from '../../src/shared/sync-state.ts';
import { DEFAULT_SETTINGS, dashboardOrigin, parseSettings } from '../../src/shared/settings.ts';

const attempt = (i: number): Attempt => ({
  at: new Date(Date.UTC(2026, 10, 24, 12, i)).toISOString(),
  clientId: 'c1',
  trigger: 'alarm',
  outcome: 'success',
  httpStatus: 200,
  durationMs: 40,
  ordersSynced: i,
  message: null,
});

describe('stored sync state', () => {
  it('anything that is not a record becomes the defaults', () => {
    for (const raw of [undefined, null, 'garbage{', 42, [], true]) {
      expect(parseSyncState(raw)).toEqual(defaultSyncState());
    }
  });

  it('a record of another version becomes the defaults', () => {
    expect(parseSyncState({ ...defaultSyncState(), version: 0, status: 'success' })).toEqual(defaultSyncState());
  });

  it('a bad field falls back alone; the rest is kept', () => {
    const stored = {
      ...defaultSyncState(),
      status: 'exploded',
      attempt: -3, // its name in 0.1.0
      lastSyncAt: 'not a date',
      history: [attempt(1), attempt(2)],
      client: { id: 'c1', name: 'Bella' },
    };
    const parsed = parseSyncState(stored);
    expect(parsed).not.toHaveProperty('status'); // derived on read since 0.1.0
    expect(parsed.consecutiveFailures).toBe(0);
    expect(parsed.lastSyncAt).toBeNull();
    expect(parsed.history).toEqual([attempt(1), attempt(2)]);
    expect(parsed.client).toEqual({ id: 'c1', name: 'Bella' });
  });

  it('drops invalid history entries and keeps at most the newest 50', () => {
    const history = [...Array.from({ length: 60 }, (_, i) => attempt(i)), { at: 'x' }, 'junk'];
    const parsed = parseSyncState({ ...defaultSyncState(), history });
    expect(parsed.history).toHaveLength(50);
    expect(parsed.history[0]).toEqual(attempt(10));
    expect(parsed.history.at(-1)).toEqual(attempt(59));
  });

  it('round-trips a valid record unchanged', () => {
    const state = { ...defaultSyncState(), history: [attempt(3)], lastResult: attempt(3) };
    expect(parseSyncState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });
});

describe('settings', () => {
  it('fills the defaults, and an interval under 30 s falls back to the default', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ intervalSeconds: 10 }).intervalSeconds).toBe(60);
    expect(parseSettings({ intervalSeconds: 45 }).intervalSeconds).toBe(45);
    expect(parseSettings({ intervalSeconds: '90' }).intervalSeconds).toBe(60);
  });

  it('the dashboard origin is the admin’s choice, else the build default', () => {
    expect(dashboardOrigin(DEFAULT_SETTINGS)).toBe('http://localhost:3000');
    expect(dashboardOrigin(parseSettings({ dashboardUrl: 'https://crm.example.com/visits?x=1' }))).toBe('https://crm.example.com');
    expect(parseSettings({ dashboardUrl: 'javascript:alert(1)' }).dashboardUrl).toBe('');
    // A stored plain-http public address (an older version allowed it) is not used.
    expect(parseSettings({ dashboardUrl: 'http://crm.example.com' }).dashboardUrl).toBe('');
  });
});

describe('dashboard address rules', () => {
  it('the quiet check the content script uses agrees with the options page’s parser', () => {
    const inputs = [
      'https://crm.example.com',
      'https://crm.example.com:8443/visits?x=1',
      'http://crm.example.com',
      'http://localhost:3000',
      'http://127.0.0.1:8080',
      'http://[::1]:3000',
      'https://admin:pw@crm.example.com',
      'ftp://crm.example.com',
      'javascript:alert(1)',
      'crm example',
      'http://localhost.evil.example',
    ];
    for (const input of inputs) expect(isAllowedDashboardUrl(input), input).toBe(parseDashboardOrigin(input).ok);
  });

  it('host patterns: Chrome keeps the port, Firefox (whose patterns cannot name one) takes the host', () => {
    expect(dashboardPatterns('http://localhost:3000', 'chrome')).toEqual(['http://localhost:3000/*', 'http://127.0.0.1:3000/*']);
    expect(dashboardPatterns('http://localhost:3000', 'firefox')).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
    expect(dashboardPatterns('https://crm.example.com:8443', 'chrome')).toEqual(['https://crm.example.com:8443/*']);
    expect(dashboardPatterns('https://crm.example.com:8443', 'firefox')).toEqual(['https://crm.example.com/*']);
    expect(dashboardPatterns('https://crm.example.com', 'firefox')).toEqual(['https://crm.example.com/*']);
    expect(hostPattern('http://[::1]:3000', 'firefox')).toBe('http://[::1]/*');
  });
});
