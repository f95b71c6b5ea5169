import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { SYNC_ALARM } from '../../src/shared/constants.ts';
import { SYNC_STATE_KEY } from '../../src/shared/sync-state.ts';
import { syncView } from '../../src/shared/sync-view.ts';
import { badgeView } from '../../src/shared/badge-view.ts';
import { statusText } from '../../src/ui/status-text.ts';
import { indicatorView } from '../../src/content/indicator-state.ts';
import { ADMIN_CONTEXT, createHarness, jsonAnswer, opaqueRedirect, selected, startClock, textAnswer, T0, type Harness } from './harness.ts';

beforeEach(() => startClock());
afterEach(() => {
  vi.useRealTimers();
});

const gaps = (h: Harness): number[] => h.requests.slice(1).map((r, i) => r.at - (h.requests[i]?.at ?? 0));

describe('schedule', () => {
  it('syncs at once when a client is first selected, then every 60 s', async () => {
    const h = await selected();
    expect(h.requests.map((r) => r.at)).toEqual([T0]);
    expect(h.requests[0]?.body).toEqual({ clientId: 'c1' });
    expect(await h.alarmTime()).toBe(T0 + 60_000);
    await h.advance(180_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 120_000, 180_000]);
    expect((await h.state()).status).toBe('success');
  });

  it('honours a longer interval setting', async () => {
    const h = await selected({ settings: { intervalSeconds: 90 } });
    await h.advance(180_000);
    expect(gaps(h)).toEqual([90_000, 90_000]);
  });

  it('never syncs more often than every 30 s, whatever the interval setting says', async () => {
    const h = await selected({ settings: { intervalSeconds: 5 } });
    await h.advance(60_000);
    expect(gaps(h)).toEqual([30_000, 30_000]);
  });

  it('a worker restart keeps a pending alarm as it is and sends nothing', async () => {
    const h = await selected();
    await h.advance(20_000);
    const before = await h.alarmTime();
    const woken = h.restart();
    await woken.engine.ready;
    expect(await woken.alarmTime()).toBe(before);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await woken.alarmTime()).toBe(before);
    expect(h.requests).toHaveLength(1);
    await woken.advance(40_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000]);
  });

  it('re-creates a lost alarm from storage when the worker starts (browser restart)', async () => {
    const h = await selected();
    await fakeBrowser.alarms.clearAll();
    await vi.advanceTimersByTimeAsync(10_000);
    const woken = h.restart();
    await woken.engine.ready;
    expect(await woken.alarmTime()).toBe(T0 + 60_000);
    await woken.advance(60_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000]);
  });

  it('a lost alarm whose time has passed syncs once on start, then resumes the interval', async () => {
    const h = await selected();
    await fakeBrowser.alarms.clearAll();
    vi.setSystemTime(T0 + 10 * 60_000);
    const woken = h.restart();
    await woken.advance(0);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 600_000]);
    expect(await woken.alarmTime()).toBe(T0 + 660_000);
  });

  it('a badge that cannot be drawn does not cost the schedule', async () => {
    const h = await selected();
    await fakeBrowser.alarms.clearAll();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const woken = createHarness({
      onStateChange: () => {
        throw new Error('action API unavailable');
      },
    });
    await woken.engine.ready;
    expect(await woken.alarmTime()).toBe(T0 + 60_000);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    expect(h.requests).toHaveLength(1);
  });

  it('a stray alarm before the next attempt is due sends nothing', async () => {
    const h = await selected();
    vi.setSystemTime(T0 + 10_000);
    await h.engine.onAlarm();
    expect(h.requests).toHaveLength(1);
    expect(await h.alarmTime()).toBe(T0 + 60_000);
  });
});

describe('gate', () => {
  it('sends nothing without a selected client', async () => {
    const h = createHarness();
    await h.engine.ready;
    await h.engine.setContext({ clientId: null, clientName: null, isAdmin: true });
    await h.advance(300_000);
    expect(h.requests).toHaveLength(0);
    expect(await h.alarmTime()).toBeUndefined();
    expect((await h.state()).status).toBe('idle');
  });

  it('sends nothing for a non-admin, even on Sync Now', async () => {
    const h = createHarness();
    await h.engine.ready;
    await h.engine.setContext({ clientId: 'c1', clientName: 'Bella', isAdmin: false });
    await h.advance(300_000);
    const result = await h.engine.syncNow();
    expect(result).toMatchObject({ kind: 'blocked', reason: 'not-admin' });
    expect(h.requests).toHaveLength(0);
  });

  it('pause stops syncing; resume syncs at once and resumes the interval', async () => {
    const h = await selected();
    await h.engine.pause();
    expect((await h.state()).status).toBe('paused');
    await h.advance(300_000);
    expect(h.requests).toHaveLength(1);
    await h.engine.resume();
    await h.advance(60_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 300_000, 360_000]);
  });

  it('offline stops syncing; the online event resumes at once', async () => {
    const h = await selected();
    h.setOnline(false);
    await h.engine.setOnline(false);
    await h.advance(200_000);
    expect(h.requests).toHaveLength(1);
    expect((await h.state()).status).toBe('paused');
    h.setOnline(true);
    await h.engine.setOnline(true);
    await h.advance(0);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 200_000]);
  });

  it('a locked screen pauses, and unlocking syncs at once', async () => {
    const h = await selected();
    await h.engine.setScreenLocked(true);
    expect((await h.state()).status).toBe('paused');
    await h.advance(120_000);
    expect(h.requests).toHaveLength(1);
    await h.engine.setScreenLocked(false);
    await h.advance(0);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 120_000]);
  });

  it('a locked screen does not pause when the admin turned that setting off', async () => {
    const h = await selected({ settings: { pauseWhenLocked: false } });
    await h.engine.setScreenLocked(true);
    await h.advance(120_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 120_000]);
  });

  it('with "only while a dashboard tab is open", no tab means no sync until a dashboard page reports', async () => {
    const h = await selected({ settings: { onlyWhileDashboardOpen: true } });
    h.setDashboardTabOpen(false);
    await h.advance(180_000);
    expect(h.requests).toHaveLength(1);
    const state = await h.state();
    expect(state.status).toBe('paused');
    expect(await h.alarmTime()).toBeUndefined();
    h.setDashboardTabOpen(true);
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(0);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 180_000]);
  });

  it('without that setting, closed dashboard tabs do not matter', async () => {
    const h = await selected();
    h.setDashboardTabOpen(false);
    await h.advance(120_000);
    expect(h.requests).toHaveLength(3);
  });

  it('signed out (401) stops polling until a dashboard page reports the context again', async () => {
    const h = await selected();
    h.respond(() => jsonAnswer(401, { error: 'Unauthorized' }));
    await h.advance(60_000);
    expect((await h.state()).status).toBe('signed-out');
    await h.advance(600_000);
    expect(h.requests).toHaveLength(2);
    expect(await h.alarmTime()).toBeUndefined();
    h.respond(() => jsonAnswer(200, {}));
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(0);
    expect(h.requests).toHaveLength(3);
    expect((await h.state()).status).toBe('success');
  });

  it('a redirect to the login page is signed-out, not a success', async () => {
    const h = createHarness();
    h.respond(() => opaqueRedirect());
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(0);
    const state = await h.state();
    expect(state.status).toBe('signed-out');
    expect(state.lastSyncAt).toBeNull();
    expect(state.history.at(-1)?.outcome).toBe('signed-out');
  });

  it('a login page served with 200 is signed-out, and Sync Now tries again once', async () => {
    const h = createHarness();
    h.respond(() => textAnswer(200, '<html>Sign in</html>'));
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(120_000);
    expect(h.requests).toHaveLength(1);
    expect((await h.state()).status).toBe('signed-out');
    h.respond(() => jsonAnswer(200, {}));
    const result = await h.engine.syncNow();
    expect(result.kind).toBe('synced');
    expect(h.requests).toHaveLength(2);
    expect((await h.state()).status).toBe('success');
  });

  it('403 for a context whose role was unknown: that one request, then quiet "not an admin" until the context changes', async () => {
    const h = createHarness();
    h.respond(() => jsonAnswer(403, { error: 'Forbidden' }));
    await h.engine.ready;
    const unknownRole = { clientId: 'c1', clientName: null, isAdmin: null };
    await h.engine.setContext(unknownRole);
    await h.advance(600_000);
    expect(h.requests).toHaveLength(1);
    const state = await h.state();
    // Not an error to fix: no red badge, no error row.
    expect(state.status).toBe('idle');
    expect(state.error).toBeNull();
    const badge = badgeView(state, Date.now());
    expect(badge).toMatchObject({ text: '', color: null, icon: 'inactive' });
    expect(badge.title).toBe('Toast sync · off: this dashboard account is not an admin');
    expect(statusText(state, Date.now()).headline).toBe('Sync is for dashboard admins');
    expect(indicatorView(state, unknownRole, Date.now())).toBeNull();
    await h.engine.setContext(unknownRole); // same context (every page load sends it): still quiet
    await h.advance(60_000);
    expect(h.requests).toHaveLength(1);
    h.respond(() => jsonAnswer(200, {}));
    await h.engine.setContext({ clientId: 'c2', clientName: 'Harbor Grill', isAdmin: true });
    await h.advance(0);
    expect(h.requests.map((r) => r.body)).toEqual([{ clientId: 'c1' }, { clientId: 'c2' }]);
  });
});

describe('backoff', () => {
  it('429 with Retry-After (seconds): nothing is sent before it elapses, even by Sync Now', async () => {
    const h = await selected({ random: () => 0 });
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': '120' }));
    await h.advance(60_000);
    const limited = await h.state();
    expect(limited.status).toBe('rate-limited');
    expect(limited.retryNotBefore).toBe(T0 + 180_000);
    h.respond(() => jsonAnswer(200, {}));
    for (let i = 0; i < 5; i++) {
      const result = await h.engine.syncNow();
      expect(result).toMatchObject({ kind: 'deferred', retryAt: T0 + 180_000 });
    }
    await h.engine.syncNow('shortcut');
    await h.advance(119_000);
    expect(h.requests).toHaveLength(2);
    await h.advance(1_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 180_000]);
    expect((await h.state()).status).toBe('success');
  });

  it('429 with Retry-After as an HTTP-date is honoured', async () => {
    const h = await selected({ random: () => 0 });
    h.respond((_, i) =>
      i === 1 ? jsonAnswer(429, {}, { 'Retry-After': new Date(T0 + 60_000 + 45_000).toUTCString() }) : jsonAnswer(200, {}),
    );
    await h.advance(60_000 + 45_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 105_000]);
  });

  it('429 with a negative Retry-After retries after the 1 s floor, not in a tight loop', async () => {
    const h = await selected({ random: () => 0 });
    h.respond((_, i) => (i === 1 ? jsonAnswer(429, {}, { 'Retry-After': '-30' }) : jsonAnswer(200, {})));
    await h.advance(62_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 61_000]);
  });

  it('429 with X-Toast-RateLimit-Reset waits until the reset', async () => {
    const h = await selected({ random: () => 0 });
    h.respond((_, i) => (i === 1 ? jsonAnswer(429, {}, { 'X-Toast-RateLimit-Reset': String((T0 + 75_000) / 1000) }) : jsonAnswer(200, {})));
    await h.advance(80_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 75_000]);
  });

  it('429 caps a huge Retry-After at 15 minutes', async () => {
    const h = await selected();
    h.respond((_, i) => (i === 1 ? jsonAnswer(429, {}, { 'Retry-After': '86400' }) : jsonAnswer(200, {})));
    await h.advance(60_000);
    expect((await h.state()).retryNotBefore).toBe(T0 + 60_000 + 15 * 60_000);
  });

  it('429 without headers: growing delays with jitter, reset after a success', async () => {
    const h = await selected({ random: () => 0.25 });
    let limited = 4;
    h.respond(() => (limited-- > 0 ? textAnswer(429, 'slow down', 'text/plain') : jsonAnswer(200, {})));
    await h.advance(60_000 + 1_250 + 2_250 + 4_250 + 8_250);
    expect(gaps(h)).toEqual([60_000, 1_250, 2_250, 4_250, 8_250]);
    expect((await h.state()).consecutiveFailures).toBe(0);
    limited = 1;
    await h.advance(60_000 + 1_250);
    expect(gaps(h).slice(-2)).toEqual([60_000, 1_250]);
  });

  it('5xx, network failures and timeouts retry no more often than the interval (the first spread over 0.5–1.5 intervals)', async () => {
    const h = await selected({ random: () => 0 });
    let n = 0;
    h.respond(() => {
      n++;
      if (n % 3 === 0) return Promise.reject(new TypeError('Failed to fetch'));
      if (n % 3 === 1) return textAnswer(503, '<h1>down</h1>');
      return new Promise(() => undefined); // never answers: aborted at 25 s
    });
    await h.advance(60_000);
    // Each timeout adds 25 s of waiting to its gap; with no jitter the first retry is half an interval away.
    await h.advance(30_000 + 25_000 + 60_000 + 60_000 + 60_000 + 25_000 + 60_000 + 60_000);
    const state = await h.state();
    expect(gaps(h).slice(1)).toEqual([30_000, 85_000, 60_000, 60_000, 85_000, 60_000]);
    expect(state.status).toBe('error');
    expect(state.history.filter((a) => a.outcome === 'error')).toHaveLength(h.requests.length - 1);
    expect(state.nextAttemptAt).not.toBeNull();
  });

  it('an error does not hold back Sync Now (only a rate limit does)', async () => {
    const h = await selected();
    h.respond(() => textAnswer(500, 'oops', 'text/plain'));
    await h.advance(60_000);
    h.respond(() => jsonAnswer(200, {}));
    const result = await h.engine.syncNow();
    expect(result.kind).toBe('synced');
    expect(h.requests).toHaveLength(3);
  });

  it('X-Poll-Interval lengthens the interval but never shortens it', async () => {
    const h = await selected();
    h.respond(() => jsonAnswer(200, {}, { 'X-Poll-Interval': '150' }));
    await h.advance(60_000 + 150_000);
    expect(gaps(h)).toEqual([60_000, 150_000]);
    h.respond(() => jsonAnswer(200, {}, { 'X-Poll-Interval': '10' }));
    await h.advance(150_000 + 60_000 + 60_000);
    expect(gaps(h).slice(2)).toEqual([150_000, 60_000, 60_000]);
  });

  it('steps shorter than the alarm minimum run on a live timer, with the alarm as fallback', async () => {
    const h = await selected({ random: () => 0 });
    // A 429 that names no wait retries after 1 s (the first step of the 1 s → 32 s curve).
    h.respond((_, i) => (i === 1 ? textAnswer(429, 'x', 'text/plain') : jsonAnswer(200, {})));
    await h.advance(60_000);
    expect(await h.alarmTime()).toBe(T0 + 61_000);
    // No alarm is fired here: only the worker's timer can send this request.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 61_000]);

    // The worker dies during the wait: the alarm still brings the retry.
    h.respond((_, i) => (i === 3 ? textAnswer(429, 'x', 'text/plain') : jsonAnswer(200, {})));
    await h.advance(60_000);
    const woken = h.restart();
    await woken.advance(1_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000, 61_000, 121_000, 122_000]);
  });
});

describe('single flight', () => {
  it('concurrent triggers send one request; Sync Now during a sync joins it', async () => {
    const h = createHarness();
    let release: () => void = () => undefined;
    h.respond(() => new Promise((resolve) => (release = () => resolve(jsonAnswer(200, { ordersSynced: 1 })))));
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.requests).toHaveLength(1);
    expect((await h.state()).status).toBe('syncing');
    const joined = [h.engine.syncNow(), h.engine.syncNow(), h.engine.syncNow('shortcut'), h.engine.onAlarm()];
    await vi.advanceTimersByTimeAsync(100);
    expect(h.requests).toHaveLength(1);
    release();
    const results = await Promise.all(joined);
    expect(results.slice(0, 3).map((r) => r && r.kind === 'synced' && r.joined)).toEqual([true, true, true]);
    expect(h.requests).toHaveLength(1);
    expect((await h.state()).status).toBe('success');
  });

  it('five fast Sync Now clicks with no sync running send exactly one request', async () => {
    const h = await selected();
    await h.advance(10_000);
    const clicks = await Promise.all([1, 2, 3, 4, 5].map(() => h.engine.syncNow()));
    expect(h.requests).toHaveLength(2);
    expect(clicks.filter((c) => c.kind === 'synced' && !c.joined)).toHaveLength(1);
  });
});

describe('lease', () => {
  it('a worker killed mid-sync never leaves the status at syncing: the next worker recovers and retries', async () => {
    const h = createHarness({ random: () => 0 });
    h.respond(() => new Promise(() => undefined));
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await vi.advanceTimersByTimeAsync(0);
    expect((await h.state()).status).toBe('syncing');
    // The watchdog alarm stands at the lease's end.
    expect(await h.alarmTime()).toBe(T0 + 30_000);

    h.kill();
    await vi.advanceTimersByTimeAsync(5_000);
    h.respond(() => jsonAnswer(200, {}));
    const woken = h.restart();
    await woken.engine.ready;
    const recovered = await woken.state();
    expect(recovered.status).not.toBe('syncing');
    expect(recovered.lease).toBeNull();
    expect(recovered.history.at(-1)).toMatchObject({ outcome: 'interrupted', clientId: 'c1' });
    // Retried like any failure: half an interval later with no jitter.
    await woken.advance(30_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 35_000]);
    expect((await woken.state()).status).toBe('success');
  });

  it('the watchdog alarm wakes a dead worker at the lease end', async () => {
    const h = createHarness({ random: () => 0 });
    h.respond(() => new Promise(() => undefined));
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await vi.advanceTimersByTimeAsync(0);
    h.kill();
    h.respond(() => jsonAnswer(200, {}));
    vi.setSystemTime(T0 + 30_000);
    // Chromium starts a worker for the alarm: the module runs, then the alarm is delivered.
    const woken = h.restart();
    await fakeBrowser.alarms.clear(SYNC_ALARM);
    await woken.engine.onAlarm();
    expect((await woken.state()).history.at(-1)).toMatchObject({ outcome: 'interrupted' });
    await woken.advance(30_000);
    expect((await woken.state()).status).toBe('success');
    expect(h.requests).toHaveLength(2);
  });
});

describe('state', () => {
  it('corrupt stored state becomes defaults without a crash', async () => {
    await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: 'garbage{' });
    const h = createHarness();
    await h.engine.ready;
    expect(syncView(await h.engine.getState(), h.settings, Date.now()).status).toBe('idle');
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(0);
    expect(h.requests).toHaveLength(1);
  });

  it('history keeps the last 50 attempts', async () => {
    const h = await selected();
    await h.advance(60 * 60_000);
    const state = await h.state();
    expect(h.requests).toHaveLength(61);
    expect(state.history).toHaveLength(50);
    expect(state.history.at(-1)?.at).toBe(new Date(T0 + 60 * 60_000).toISOString());
  });

  it('switching client mid-sync syncs the new client right after', async () => {
    const h = createHarness();
    let release: () => void = () => undefined;
    h.respond((_, i) => (i === 0 ? new Promise((resolve) => (release = () => resolve(jsonAnswer(200, {})))) : jsonAnswer(200, {})));
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.setContext({ clientId: 'c2', clientName: 'Harbor Grill', isAdmin: true });
    release();
    await h.advance(0);
    expect(h.requests.map((r) => r.body)).toEqual([{ clientId: 'c1' }, { clientId: 'c2' }]);
    const state = await h.state();
    expect(state.client).toEqual({ id: 'c2', name: 'Harbor Grill' });
    expect(await h.alarmTime()).toBe(T0 + 60_000);
  });

  it('a new dashboard URL syncs there at once, forgetting the old dashboard’s sign-out and rate limit', async () => {
    const h = await selected();
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': '600' }));
    await h.advance(60_000);
    expect((await h.state()).status).toBe('rate-limited');
    h.respond(() => jsonAnswer(200, {}));
    const previous = { ...h.settings };
    h.settings.dashboardUrl = 'https://crm.example.com';
    await h.engine.settingsChanged(previous, { ...h.settings });
    await h.advance(0);
    expect(h.requests.map((r) => r.url)).toEqual([
      'http://localhost:3000/api/toast/sync',
      'http://localhost:3000/api/toast/sync',
      'https://crm.example.com/api/toast/sync',
    ]);
    expect((await h.state()).status).toBe('success');
  });

  it('a new interval re-times the next sync at once', async () => {
    const h = await selected();
    const previous = { ...h.settings };
    h.settings.intervalSeconds = 300;
    await h.engine.settingsChanged(previous, { ...h.settings });
    expect(await h.alarmTime()).toBe(T0 + 300_000);
  });

  it('a pinned client wins over the page', async () => {
    const h = await selected({ settings: { pinnedClientId: 'pin-9', pinnedClientName: 'Pinned Place' } });
    expect(h.requests.map((r) => r.body)).toEqual([{ clientId: 'pin-9' }]);
    expect((await h.state()).client).toEqual({ id: 'pin-9', name: 'Pinned Place' });
  });
});

describe('a dashboard that serves recent syncs from its cache', () => {
  const cachedFor = (ageMs: number) => () =>
    jsonAnswer(200, { ok: true, ordersSynced: 0, syncedAt: new Date(Date.now() - ageMs).toISOString() });

  it('shows the cached sync as "Last synced" and plans from it: an interval after it, plus 0–10 % jitter', async () => {
    const h = await selected({ random: () => 0.5 });
    h.respond(cachedFor(25_000));
    await h.advance(60_000);
    const state = await h.state();
    expect(state.lastSyncAt).toBe(new Date(T0 + 60_000 - 25_000).toISOString());
    // 35 s (the sync was 25 s old) + 3 s of jitter.
    expect(state.nextAttemptAt).toBe(T0 + 60_000 + 35_000 + 3_000);
    expect(statusText(state, T0 + 60_000).headline).toBe('Last synced 25 seconds ago');
  });

  it('a copy almost an interval old is asked again no sooner than 10 s later; one older than an interval counts as a fresh pull', async () => {
    const h = await selected({ random: () => 0 });
    h.respond(cachedFor(58_000));
    await h.advance(60_000);
    expect((await h.state()).nextAttemptAt).toBe(T0 + 60_000 + 10_000);
    h.respond(cachedFor(3 * 60_000));
    await h.advance(10_000);
    const state = await h.state();
    expect(state.nextAttemptAt).toBe(T0 + 70_000 + 60_000);
    expect(state.lastSyncAt).toBe(new Date(T0 + 70_000 - 3 * 60_000).toISOString());
  });

  it("admins on one client converge on the dashboard's pull: each asks just after the copy goes stale", async () => {
    // Three browsers that started 10 s and 40 s apart all receive the pull made at T0 + 60 s
    // (the first made it itself: it plans a plain interval from its own answer).
    const pullAt = T0 + 60_000;
    const plans: number[] = [];
    for (const [offset, r] of [
      [0, 0.1],
      [10_000, 0.5],
      [40_000, 0.9],
    ] as const) {
      fakeBrowser.reset();
      startClock(T0 + offset);
      const h = await selected({ random: () => r });
      h.respond(() => jsonAnswer(200, { ok: true, syncedAt: new Date(pullAt).toISOString() }));
      vi.setSystemTime(pullAt + offset / 4);
      await h.engine.syncNow('manual');
      plans.push(((await h.state()).nextAttemptAt ?? 0) - pullAt);
    }
    // All within 0–6 s after one interval from the pull, whatever their own phase.
    expect(plans).toEqual([60_000, 60_000 + 3_000, 60_000 + 5_400]);
  });
});

describe('after a rate limit that named its wait', () => {
  it('a fleet told the same time comes back spread over 10 % of the interval, never before it', async () => {
    const retryAt = T0 + 120_000;
    const times: number[] = [];
    for (const r of [0, 0.25, 0.5, 0.75]) {
      fakeBrowser.reset();
      startClock();
      const h = await selected({ random: () => r });
      h.respond((_, i) => (i === 1 ? jsonAnswer(429, {}, { 'Retry-After': new Date(retryAt).toUTCString() }) : jsonAnswer(200, {})));
      await h.advance(60_000 + 60_000 + 6_000);
      times.push((h.requests[2]?.at ?? 0) - retryAt);
    }
    expect(times).toEqual([0, 1_500, 3_000, 4_500]);
  });
});

describe('the manual floor', () => {
  it('Sync Now within 10 s of a completed sync sends nothing and says the data is up to date', async () => {
    const h = await selected();
    await h.advance(3_000);
    const clicks = [];
    for (let i = 0; i < 6; i++) clicks.push(await h.engine.syncNow(i === 5 ? 'shortcut' : 'manual'));
    expect(h.requests).toHaveLength(1);
    expect(clicks.map((c) => c.kind)).toEqual(new Array<string>(6).fill('up-to-date'));
    expect(clicks[0]).toMatchObject({ syncedAt: T0, until: T0 + 10_000 });
    await h.advance(7_000);
    expect((await h.engine.syncNow()).kind).toBe('synced');
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 10_000]);
  });

  it('never more than one manual request per 10 s, whatever its answer', async () => {
    const h = await selected();
    h.respond(() => textAnswer(500, 'down', 'text/plain'));
    await h.advance(30_000);
    const first = await h.engine.syncNow();
    expect(first).toMatchObject({ kind: 'synced' });
    await h.advance(4_000);
    expect(await h.engine.syncNow()).toMatchObject({ kind: 'too-soon', until: T0 + 40_000 });
    expect(h.requests).toHaveLength(2);
    await h.advance(6_000);
    expect((await h.engine.syncNow()).kind).toBe('synced');
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 30_000, 40_000]);
  });

  it('the floor does not hold back automatic syncs, nor a click after the clock was set back', async () => {
    const h = await selected({ settings: { intervalSeconds: 30 } });
    await h.advance(30_000);
    expect(h.requests).toHaveLength(2);
    vi.setSystemTime(T0 + 30_000 - 60_000);
    expect((await h.engine.syncNow()).kind).toBe('synced');
    expect(h.requests).toHaveLength(3);
  });

  it('a success of another client does not count: a switch is synced at once, and Sync Now works for it', async () => {
    const h = await selected();
    await h.engine.setContext({ ...ADMIN_CONTEXT, clientId: 'c2' });
    await h.advance(0);
    expect(h.requests.map((r) => r.body)).toEqual([{ clientId: 'c1' }, { clientId: 'c2' }]);
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(0);
    await h.engine.setContext({ ...ADMIN_CONTEXT, clientId: 'c2' });
    await h.advance(0);
    // c2 synced just now (as the switch's own sync): up to date.
    expect((await h.engine.syncNow()).kind).toBe('up-to-date');
  });
});
