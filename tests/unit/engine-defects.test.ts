/**
 * Defects the model-based runs found, each as the plain sequence that shows it, on the same
 * simulated browser as engine.test.ts.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { BACKOFF_CAP_MS, MAX_CONSECUTIVE_FAILURES, RETRY_AFTER_CAP_MS } from '../../src/shared/constants.ts';
import { defaultSyncState, parseSyncState, SYNC_STATE_KEY } from '../../src/shared/sync-state.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts';
import { applyPageSync, finishSync } from '../../src/background/transitions.ts';
import type { HttpAnswer } from '../../src/background/classify.ts';
import { manualFloor } from '../../src/shared/manual-floor.ts';
import { INTERRUPTED_MESSAGE } from '../../src/shared/sync-view.ts';
import { ADMIN_CONTEXT, failNextWrites, jsonAnswer, selected, startClock, T0, type Harness } from './harness.ts';

beforeEach(() => {
  fakeBrowser.reset();
  startClock();
});
afterEach(() => {
  vi.useRealTimers();
});

const at = (h: Harness): number[] => h.requests.map((r) => r.at - T0);

describe('liveness', () => {
  it('a worker stopped while offline syncs again when the network returns: a wake-up stays scheduled', async () => {
    const h = await selected();
    h.setOnline(false);
    await h.engine.setOnline(false);
    expect((await h.state()).status).toBe('paused');
    // Nothing else could wake a stopped worker: the DOM `online` event reaches only a running one.
    const wake = await h.alarmTime();
    expect(wake).toBeDefined();
    h.kill();
    h.setOnline(true);
    await vi.advanceTimersByTimeAsync((wake ?? 0) - Date.now());
    const woken = h.restart();
    await woken.advance(0);
    expect(at(h)).toEqual([0, 60_000]);
  });

  it('still offline when the wake-up comes: another one an interval later, and no request', async () => {
    const h = await selected();
    h.setOnline(false);
    await h.engine.setOnline(false);
    await h.advance(60_000);
    expect(at(h)).toEqual([0]);
    expect(await h.alarmTime()).toBe(T0 + 120_000);
    h.setOnline(true);
    await h.engine.setOnline(true);
    await h.advance(0);
    expect(at(h)).toEqual([0, 60_000]);
  });

  it('one failed storage write does not stop the schedule: a retry is scheduled and syncing resumes', async () => {
    const h = await selected();
    const errors = failNextWrites(h, 1, 'QUOTA_BYTES quota exceeded');
    await h.advance(60_000); // the alarm fires; its first write fails
    expect(at(h)).toEqual([0]);
    expect(await h.alarmTime()).toBe(T0 + 65_000);
    await h.advance(5_000);
    expect(at(h)).toEqual([0, 65_000]);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe('waits', () => {
  it('after 1,000 consecutive failures the counter stays valid and backoff stays at its cap', () => {
    const state = {
      ...defaultSyncState(),
      context: ADMIN_CONTEXT,
      client: { id: 'c1', name: null },
      consecutiveFailures: MAX_CONSECUTIVE_FAILURES,
    };
    const now = T0;
    const next = finishSync(state, {
      origin: 'http://localhost:3000',
      clientId: 'c1',
      trigger: 'alarm',
      startedAt: now,
      result: { outcome: { kind: 'error', httpStatus: 404, message: 'No integration' }, durationMs: 5, pollIntervalSeconds: null },
      now,
      random: () => 0,
      settings: DEFAULT_SETTINGS,
    });
    expect(next.consecutiveFailures).toBe(MAX_CONSECUTIVE_FAILURES);
    expect(parseSyncState(JSON.parse(JSON.stringify(next))).consecutiveFailures).toBe(MAX_CONSECUTIVE_FAILURES);
    expect((next.nextAttemptAt ?? 0) - now).toBeGreaterThanOrEqual(BACKOFF_CAP_MS);
  });

  it('resuming honours a backoff still running: no request before it ends', async () => {
    const h = await selected({ random: () => 0 });
    h.respond(() => jsonAnswer(503, {}));
    await h.advance(60_000); // fails: retry in 30 s
    await h.advance(30_000); // fails: retry in 60 s, at T0 + 150 s
    expect(at(h)).toEqual([0, 60_000, 90_000]);
    await h.engine.pause();
    await h.advance(500);
    await h.engine.resume();
    await h.advance(59_000);
    expect(at(h)).toHaveLength(3);
    await h.advance(500);
    expect(at(h)).toEqual([0, 60_000, 90_000, 150_000]);
  });

  it('a stored Retry-After ten days ahead is not trusted: Sync Now waits at most 15 minutes', async () => {
    const h = await selected();
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as object;
    await fakeBrowser.storage.local.set({
      [SYNC_STATE_KEY]: { ...stored, retryNotBefore: T0 + 10 * 86_400_000, nextAttemptAt: T0 + 10 * 86_400_000 },
    });
    const woken = h.restart();
    const result = await woken.engine.syncNow();
    expect(result).toMatchObject({ kind: 'deferred' });
    expect(result.kind === 'deferred' && result.retryAt).toBeLessThanOrEqual(Date.now() + RETRY_AFTER_CAP_MS);
    await woken.advance(RETRY_AFTER_CAP_MS);
    expect(at(h)).toEqual([0, RETRY_AFTER_CAP_MS]);
  });

  it('the system clock set back a day does not stop automatic syncs for a day', async () => {
    const h = await selected();
    h.kill();
    vi.setSystemTime(T0 - 86_400_000); // the clock goes back; the alarm still says "tomorrow"
    const woken = h.restart();
    await woken.advance(60_000);
    expect(h.requests).toHaveLength(2);
    expect((h.requests[1]?.at ?? 0) - Date.now()).toBeGreaterThan(-61_000);
  });

  it('any change (here: the screen locks) writes back a stored time ten days ahead only within bounds', async () => {
    const h = await selected();
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as object;
    await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: { ...stored, retryNotBefore: T0 + 10 * 86_400_000 } });
    await h.engine.setScreenLocked(true);
    expect((await h.state()).retryNotBefore).toBeLessThanOrEqual(Date.now() + RETRY_AFTER_CAP_MS);
  });

  it('clock set back a day, then the page reports the same context: syncing goes on within an interval', async () => {
    const h = await selected();
    vi.setSystemTime(T0 - 86_400_000);
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(60_000);
    expect(h.requests).toHaveLength(2);
  });

  it('a success does not lift a wait the page’s 429 began while the extension’s request was out', async () => {
    const h = await selected();
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000); // the extension's request goes out and hangs
    await h.engine.pageSynced({
      requestId: 'r1',
      httpStatus: 429,
      clientId: 'c1',
      serverDelayMs: 600_000,
      json: true,
      startedAt: Date.now() - 50,
      finishedAt: Date.now(),
    });
    release(jsonAnswer(200, { ordersSynced: 1 }));
    await h.advance(0);
    const state = await h.state();
    expect(state.retryNotBefore).toBe(T0 + 60_000 + 600_000);
    expect(await h.engine.syncNow()).toMatchObject({ kind: 'deferred' });
  });
});

describe('waits that meet', () => {
  it('the extension’s own short 429 never shortens a longer one the page got while it was out', async () => {
    const h = await selected();
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000);
    await h.engine.pageSynced({
      requestId: 'r1',
      httpStatus: 429,
      clientId: 'c-other',
      serverDelayMs: 900_000,
      json: true,
      startedAt: Date.now() - 50,
      finishedAt: Date.now(),
    });
    release(jsonAnswer(429, {}, { 'Retry-After': '-3220' }));
    await h.advance(0);
    expect((await h.state()).retryNotBefore).toBe(T0 + 60_000 + 900_000);
    await h.advance(600_000);
    expect(h.requests).toHaveLength(2);
  });
});

describe('a worker stopped at the wrong moment', () => {
  it('a settings change whose write fails still leaves a wake-up scheduled', async () => {
    const h = await selected();
    await h.engine.setScreenLocked(true); // paused: nothing scheduled
    expect(await h.alarmTime()).toBeUndefined();
    const { storage } = h.portsUsed;
    const write = storage.set.bind(storage);
    storage.set = () => Promise.reject(new Error('IO error'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // The admin turns "pause while locked" off (settings live in storage.sync and are read fresh).
    const previous = { ...h.settings };
    h.settings.pauseWhenLocked = false;
    await expect(h.engine.settingsChanged(previous, { ...h.settings })).rejects.toThrow('IO error');
    storage.set = write;
    expect(await h.alarmTime()).toBe(Date.now() + 5_000);
    await h.advance(5_000);
    expect(h.requests).toHaveLength(2);
    errors.mockRestore();
  });

  it('an unlock whose write fails is recorded again a few seconds later, and syncing resumes', async () => {
    const h = await selected();
    await h.engine.setScreenLocked(true);
    const errors = failNextWrites(h, 1, 'IO error');
    await expect(h.engine.setScreenLocked(false)).rejects.toThrow('IO error');
    await h.advance(10_000);
    expect((await h.state()).pause.locked).toBe(false);
    expect(h.requests).toHaveLength(2);
    errors.mockRestore();
  });

  it('the machine slept through the watchdog: a worker stopped right after writing the result is still woken', async () => {
    const h = await selected();
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000); // request out; the watchdog alarm is set
    await fakeBrowser.alarms.clear('toast-sync'); // ... and fired (consumed) while the machine slept
    // The worker is stopped right after it writes the result: an alarm call made after that
    // write never happens.
    const { storage, alarms } = h.portsUsed;
    const write = storage.set.bind(storage);
    const create = alarms.create.bind(alarms);
    let written = false;
    storage.set = async (items) => {
      await write(items);
      written = true;
    };
    alarms.create = (name, info) => (written ? new Promise<void>(() => undefined) : create(name, info));
    release(jsonAnswer(200, { ordersSynced: 1 }));
    await h.advance(0);
    expect(written).toBe(true);
    expect(await h.alarmTime()).toBeDefined();
  });

  it('a short wait’s live timer starts the sync as its alarm fires: a worker stopped right after the lease is written is still woken', async () => {
    const h = await selected();
    h.respond(() => jsonAnswer(429, { error: 'rate limited' }, { 'Retry-After': '5' }));
    await h.advance(60_000);
    expect(h.requests).toHaveLength(2);
    const retryAt = (await h.alarmTime()) ?? 0;
    expect(retryAt - Date.now()).toBeLessThan(30_000); // short enough for a live timer
    // The retry a few seconds later is started by the worker's live timer; the alarm due at the same time
    // fires too and is consumed. The worker is stopped right after the lease reaches storage,
    // so no alarm call made after that write happens.
    h.respond(() => new Promise<HttpAnswer>(() => undefined));
    const { storage, alarms } = h.portsUsed;
    const write = storage.set.bind(storage);
    const create = alarms.create.bind(alarms);
    let leased = false;
    storage.set = async (items) => {
      await write(items);
      if ((items[SYNC_STATE_KEY] as { lease?: unknown } | undefined)?.lease) leased = true;
    };
    alarms.create = (name, info) => (leased ? new Promise<void>(() => undefined) : create(name, info));
    await h.advance(retryAt - Date.now());
    expect(leased).toBe(true);
    expect((await h.state()).status).toBe('syncing');
    const wake = await h.alarmTime();
    expect(wake).toBeDefined();
    h.kill();
    const woken = h.restart();
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    await woken.advance((wake ?? 0) - Date.now());
    expect((await woken.state()).history.at(-1)).toMatchObject({ outcome: 'interrupted' });
  });

  it('an alarm delivered while a request is out keeps that request’s watchdog, so a worker stopped then wakes at the lease end', async () => {
    const h = await selected();
    h.respond(() => new Promise<HttpAnswer>(() => undefined));
    await h.advance(60_000); // the regular sync's request is out
    const watchdog = await h.alarmTime();
    expect(watchdog).toBe(Date.now() + 30_000); // the lease's end
    await vi.advanceTimersByTimeAsync(20_000);
    // An alarm event already on its way when the request replaced the alarm (a short step's
    // live timer started the request first) reaches the worker now.
    void h.engine.onAlarm();
    await vi.advanceTimersByTimeAsync(0);
    expect(await h.alarmTime()).toBe(watchdog);
    // The worker is stopped: the watchdog wakes the next one, which recovers the request.
    h.kill();
    const woken = h.restart();
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    await woken.advance(10_000);
    expect((await woken.state()).history.at(-1)).toMatchObject({ outcome: 'interrupted' });
  });
});

describe('clock changes and failed writes (the second campaign)', () => {
  const C2 = { clientId: 'c2', clientName: 'Cafe Two', isAdmin: true };
  const C3 = { clientId: 'c3', clientName: 'Diner Three', isAdmin: true };

  it('the clock set back an hour during a 1.5 s backoff: the retry still comes 1.5 s later, not 15 minutes', async () => {
    const h = await selected();
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': 'NaN' }));
    await h.advance(60_000); // 429 with an unreadable wait: the backoff curve, 1.5 s here
    expect((await h.state()).retryNotBefore).toBe(T0 + 61_500);
    vi.setSystemTime(Date.now() - 3_600_000);
    const setBack = Date.now();
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    await h.engine.setContext(ADMIN_CONTEXT); // any event: here the page reports again
    expect((await h.state()).retryNotBefore).toBe(setBack + 1_500);
    await h.advance(2_000);
    expect(h.requests).toHaveLength(3);
    expect((h.requests[2]?.at ?? 0) - setBack).toBe(1_500);
  });

  it('the clock set back an hour mid-request: a Sync Now 3 s after the answer is still "up to date"', () => {
    const state = { ...defaultSyncState(), context: ADMIN_CONTEXT, client: { id: 'c1', name: null } };
    const startedAt = T0 + 3_600_000; // read before the clock was set back
    const answeredAt = T0; // the request took ~0 s on the clock now in force
    const next = finishSync(state, {
      origin: 'http://localhost:3000',
      clientId: 'c1',
      trigger: 'manual',
      startedAt,
      result: {
        outcome: { kind: 'success', httpStatus: 200, ordersSynced: 1, syncedAt: null, ageMs: 0 },
        durationMs: 0,
        pollIntervalSeconds: null,
      },
      now: answeredAt,
      random: () => 0,
      settings: DEFAULT_SETTINGS,
    });
    expect(Date.parse(next.lastResult?.at ?? '') + (next.lastResult?.durationMs ?? NaN)).toBe(answeredAt);
    expect(manualFloor(next, 'c1', answeredAt + 3_000)).toMatchObject({ kind: 'up-to-date', until: answeredAt + 10_000 });
  });

  it('the clock set forward mid-request does not turn the request in flight into an "interrupted" one', async () => {
    const h = await selected();
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000); // the request goes out and waits for its answer
    vi.setSystemTime(Date.now() + 120_000); // its lease now lies in the past by the clock
    await h.engine.setOnline(true); // an event handled meanwhile reads the record
    expect((await h.state()).lease).not.toBeNull();
    release(jsonAnswer(200, { ordersSynced: 1 }));
    await h.advance(0);
    const state = await h.state();
    expect(state.history.map((a) => a.outcome)).toEqual(['success', 'success']);
    expect(state.consecutiveFailures).toBe(0);
  });

  it('a page report whose write failed is not written over a newer one when it is retried', async () => {
    const h = await selected();
    const errors = failNextWrites(h, 1, 'IO error');
    await expect(h.engine.setContext(C3)).rejects.toThrow('IO error');
    await h.engine.setContext(C2); // the admin picked another client meanwhile: this one counts
    await h.advance(10_000);
    expect((await h.state()).context.clientId).toBe('c2');
    expect(h.requests.map((r) => (r.body as { clientId: string }).clientId)).toEqual(['c1', 'c2']);
    errors.mockRestore();
  });

  it('a sync’s answer whose write failed is written again: the 429 is not lost, and its wait runs from the answer', async () => {
    const h = await selected({ random: () => 0 });
    h.respond((_r, i) => (i === 1 ? jsonAnswer(429, {}) : jsonAnswer(200, { ordersSynced: 1 })));
    const { storage } = h.portsUsed;
    const write = storage.set.bind(storage);
    let failures = 1;
    storage.set = (items) => {
      const record = items[SYNC_STATE_KEY] as { lastResult?: { outcome?: string } } | undefined;
      return record?.lastResult?.outcome === 'rate-limited' && failures-- > 0 ? Promise.reject(new Error('IO error')) : write(items);
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await h.advance(60_000); // 429 (a 1 s wait); writing it fails
    expect((await h.state()).lastResult?.outcome).toBe('success');
    await h.advance(5_000); // written again 5 s later: the 1 s wait is over by then, so the next sync goes
    const state = await h.state();
    expect(state.history.map((a) => [a.outcome, a.at])).toEqual([
      ['success', new Date(T0).toISOString()],
      ['rate-limited', new Date(T0 + 60_000).toISOString()],
      ['success', new Date(T0 + 65_000).toISOString()],
    ]);
    expect(at(h)).toEqual([0, 60_000, 65_000]);
    errors.mockRestore();
  });

  it('a page 429 recorded late (its first write failed) waits from its answer and counts no failure after a later success', () => {
    const answeredAt = T0 + 1_000;
    const state = {
      ...defaultSyncState(),
      context: ADMIN_CONTEXT,
      client: { id: 'c1', name: null },
      // The extension's own success was answered after the page's 429.
      history: [
        {
          at: new Date(T0 + 4_900).toISOString(),
          clientId: 'c1',
          trigger: 'alarm' as const,
          outcome: 'success' as const,
          httpStatus: 200,
          durationMs: 100,
          ordersSynced: 0,
          message: null,
        },
      ],
      lastSyncAt: new Date(T0 + 5_000).toISOString(),
    };
    const next = applyPageSync(
      state,
      {
        requestId: 'r1',
        httpStatus: 429,
        clientId: 'c1',
        serverDelayMs: 60_000,
        json: true,
        startedAt: answeredAt - 100,
        finishedAt: answeredAt,
      },
      DEFAULT_SETTINGS,
      T0 + 6_000,
      () => 0.5,
    );
    expect(next.retryNotBefore).toBe(answeredAt + 60_000);
    expect(next.consecutiveFailures).toBe(0);
  });

  it('a page success recorded late (its first write failed, the machine slept) does not end a later 429’s wait or reset its failures', () => {
    const pageAnsweredAt = T0 + 1_000;
    const limitedAt = T0 + 900_000;
    const state = {
      ...defaultSyncState(),
      context: ADMIN_CONTEXT,
      client: { id: 'c1', name: null },
      // Two of the extension's own syncs were rate-limited after the page's success was answered.
      history: [limitedAt - 3_000, limitedAt].map((at) => ({
        at: new Date(at - 100).toISOString(),
        clientId: 'c1',
        trigger: 'alarm' as const,
        outcome: 'rate-limited' as const,
        httpStatus: 429,
        durationMs: 100,
        ordersSynced: null,
        message: 'Rate limited by Toast (429)',
      })),
      consecutiveFailures: 2,
      retryNotBefore: limitedAt + 2_000,
      nextAttemptAt: limitedAt + 2_000,
      lastFailure: 'Rate limited by Toast (429)',
    };
    const next = applyPageSync(
      state,
      {
        requestId: 'r1',
        httpStatus: 200,
        clientId: 'c1',
        serverDelayMs: null,
        json: true,
        startedAt: pageAnsweredAt - 1_185,
        finishedAt: pageAnsweredAt,
      },
      DEFAULT_SETTINGS,
      limitedAt + 500,
      () => 0.5,
    );
    expect(next.consecutiveFailures).toBe(2);
    expect(next.retryNotBefore).toBe(limitedAt + 2_000);
    expect(next.nextAttemptAt).toBe(limitedAt + 2_000);
    expect(next.lastFailure).toBe('Rate limited by Toast (429)');
    // Kept in the history, in its place: the latest result is still the 429.
    expect(next.history.map((h) => h.outcome)).toEqual(['success', 'rate-limited', 'rate-limited']);
  });

  it('a page success seen just after an interrupted sync was recovered still counts (an interruption is no answer)', () => {
    const state = {
      ...defaultSyncState(),
      context: ADMIN_CONTEXT,
      client: { id: 'c1', name: null },
      // Cut off at T0 + 500 with its worker; the next worker found it at T0 + 1_100.
      history: [
        {
          at: new Date(T0 + 377).toISOString(),
          clientId: 'c1',
          trigger: 'recovery' as const,
          outcome: 'interrupted' as const,
          httpStatus: null,
          durationMs: 723,
          ordersSynced: null,
          message: INTERRUPTED_MESSAGE,
        },
      ],
      consecutiveFailures: 1,
      backoffUntil: T0 + 33_000,
      nextAttemptAt: T0 + 33_000,
      lastFailure: INTERRUPTED_MESSAGE,
    };
    const next = applyPageSync(
      state,
      { requestId: 'r1', httpStatus: 200, clientId: null, serverDelayMs: null, json: true, startedAt: T0 + 404, finishedAt: T0 + 1_064 },
      DEFAULT_SETTINGS,
      T0 + 1_200,
      () => 0.5,
    );
    expect(next.consecutiveFailures).toBe(0);
    expect(next.lastResult?.outcome).toBe('success');
    expect(next.nextAttemptAt).toBeGreaterThanOrEqual(T0 + 1_064 + 60_000);
  });

  it('a page success answered after the extension’s last answer still restarts the countdown', () => {
    const state = {
      ...defaultSyncState(),
      context: ADMIN_CONTEXT,
      client: { id: 'c1', name: null },
      consecutiveFailures: 1,
      nextAttemptAt: T0 + 30_000,
      lastFailure: 'The dashboard had a problem (HTTP 500). Retrying.',
    };
    const next = applyPageSync(
      state,
      { requestId: 'r1', httpStatus: 200, clientId: 'c1', serverDelayMs: null, json: true, startedAt: T0 + 900, finishedAt: T0 + 1_000 },
      DEFAULT_SETTINGS,
      T0 + 1_050,
      () => 0.5,
    );
    expect(next.consecutiveFailures).toBe(0);
    expect(next.lastResult?.outcome).toBe('success');
    expect(next.nextAttemptAt).toBeGreaterThanOrEqual(T0 + 1_050 + 60_000);
  });

  it('an old client’s answer arriving after a switch leaves the new client’s plan alone (here: the page just synced it)', async () => {
    const h = await selected();
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000); // c1's sync is out
    await h.engine.setContext(C2);
    await h.engine.pageSynced({
      requestId: 'r1',
      httpStatus: 200,
      clientId: 'c2',
      serverDelayMs: null,
      json: true,
      startedAt: Date.now() - 50,
      finishedAt: Date.now(),
    });
    release(jsonAnswer(500, {})); // c1's answer: a failure, and c1's business
    await h.advance(0);
    const state = await h.state();
    expect(state.nextAttemptAt).toBe(T0 + 120_000);
    expect(state.consecutiveFailures).toBe(0);
    expect(state.backoffUntil).toBeNull();
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    await h.advance(60_000);
    expect(h.requests.map((r) => (r.body as { clientId: string }).clientId)).toEqual(['c1', 'c1', 'c2']);
    expect(at(h)).toEqual([0, 60_000, 120_000]);
  });

  it('… while an old client’s 429 holds the new client back and counts towards the backoff (the limit is the dashboard’s)', async () => {
    const h = await selected({ random: () => 0 });
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000);
    await h.engine.setContext(C2);
    release(jsonAnswer(429, {}, { 'Retry-After': '20' }));
    await h.advance(0);
    const state = await h.state();
    expect(state.retryNotBefore).toBe(T0 + 80_000);
    expect(state.consecutiveFailures).toBe(1);
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    await h.advance(20_000);
    expect(at(h)).toEqual([0, 60_000, 80_000]);
  });

  it('a pin whose write failed: the next write plans the pinned client at once, and the retry does not restart it', async () => {
    const h = await selected();
    const errors = failNextWrites(h, 1, 'IO error');
    await h.advance(10_000);
    const previous = { ...h.settings };
    h.settings.pinnedClientId = 'c3';
    await expect(h.engine.settingsChanged(previous, { ...h.settings })).rejects.toThrow('IO error');
    await h.engine.setContext(ADMIN_CONTEXT); // the page reports again: written, with the pin in force
    await h.advance(50_000); // the failed change is retried at 15 s
    expect(h.requests.map((r) => [r.at - T0, (r.body as { clientId: string }).clientId])).toEqual([
      [0, 'c1'],
      [10_000, 'c3'],
    ]);
    errors.mockRestore();
  });

  it('an answer from the previous dashboard, arriving after the address changed, holds nothing against the new one', async () => {
    const h = await selected();
    let release: (answer: HttpAnswer) => void = () => undefined;
    h.respond(() => new Promise<HttpAnswer>((resolve) => (release = resolve)));
    await h.advance(60_000); // a sync to localhost is out
    const previous = { ...h.settings };
    h.settings.dashboardUrl = 'https://crm.example.com';
    await h.engine.settingsChanged(previous, { ...h.settings });
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    release(jsonAnswer(429, {}, { 'Retry-After': '600' })); // the old dashboard's limit
    await h.advance(1_000);
    expect(h.requests.map((r) => [r.at - T0, new URL(r.url).origin])).toEqual([
      [0, 'http://localhost:3000'],
      [60_000, 'http://localhost:3000'],
      [60_000, 'https://crm.example.com'],
    ]);
    expect((await h.state()).retryNotBefore).toBeNull();
  });

  it('unlocking with "pause while locked" off plans nothing new: the lock was not holding the gate', async () => {
    const h = await selected({ settings: { pauseWhenLocked: false } });
    await h.engine.setScreenLocked(true);
    await h.advance(1_000);
    await h.engine.setScreenLocked(false);
    await h.advance(58_000);
    expect(at(h)).toEqual([0]);
    await h.advance(1_000);
    expect(at(h)).toEqual([0, 60_000]);
  });

  it('the clock set back a day mid-request: the next change leaves a wake-up within 30 s, not a day away', async () => {
    const h = await selected();
    h.respond(() => new Promise<HttpAnswer>(() => undefined));
    await h.advance(60_000); // a request is out; its watchdog alarm is at most 30 s away
    vi.setSystemTime(Date.now() - 86_400_000); // ... and now a day away, by the clock
    await h.engine.setContext(ADMIN_CONTEXT);
    expect((await h.alarmTime()) ?? Infinity).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('a new dashboard address whose write failed: a wait learnt from the new dashboard meanwhile survives the late retry', async () => {
    const h = await selected();
    const errors = failNextWrites(h, 1, 'IO error');
    const previous = { ...h.settings };
    h.settings.dashboardUrl = 'https://crm.example.com';
    await expect(h.engine.settingsChanged(previous, { ...h.settings })).rejects.toThrow('IO error');
    // The new dashboard's page gets a 429 (written: the record now speaks for the new dashboard).
    await h.engine.pageSynced({
      requestId: 'r9',
      httpStatus: 429,
      clientId: 'c1',
      serverDelayMs: 60_000,
      json: true,
      startedAt: Date.now() - 50,
      finishedAt: Date.now(),
    });
    await h.advance(10_000); // the failed change is retried at 5 s
    const state = await h.state();
    expect(state.dashboard).toBe('https://crm.example.com');
    expect(state.retryNotBefore).toBe(T0 + 60_000);
    expect(h.requests).toHaveLength(1);
    errors.mockRestore();
  });

  it('the clock set back a day mid-request: even a Sync Now that joins the request puts the watchdog right', async () => {
    const h = await selected();
    h.respond(() => new Promise<HttpAnswer>(() => undefined));
    await h.advance(60_000);
    vi.setSystemTime(Date.now() - 86_400_000);
    void h.engine.syncNow(); // joins the request under way
    await h.advance(0);
    expect((await h.alarmTime()) ?? Infinity).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('switching the dashboard address away and back within a 429’s wait restores the wait', async () => {
    const h = await selected();
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': '600' }));
    await h.advance(60_000);
    h.respond(() => jsonAnswer(200, { ordersSynced: 1 }));
    const original = { ...h.settings };
    h.settings.dashboardUrl = 'https://crm.example.com';
    await h.engine.settingsChanged(original, { ...h.settings });
    await h.advance(0); // the new dashboard is synced at once
    const moved = { ...h.settings };
    h.settings.dashboardUrl = '';
    await h.engine.settingsChanged(moved, { ...h.settings });
    await h.advance(10_000);
    expect(h.requests.map((r) => new URL(r.url).origin)).toEqual([
      'http://localhost:3000',
      'http://localhost:3000',
      'https://crm.example.com',
    ]);
    expect((await h.state()).retryNotBefore).toBe(T0 + 660_000);
  });

  it('a resume that reaches storage after a later pause (its awaits took longer) does not undo the pause', async () => {
    const h = await selected();
    const { alarms } = h.portsUsed;
    const get = alarms.get.bind(alarms);
    let slow = 1;
    alarms.get = async (name) => {
      if (slow-- > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      return get(name);
    };
    const resumed = h.engine.resume(); // its first await is slow
    const paused = h.engine.pause(); // asked later, written first
    await h.advance(1_000);
    await Promise.all([resumed, paused]);
    expect((await h.state()).pause.user).toBe(true);
    await h.advance(120_000);
    expect(h.requests).toHaveLength(1);
  });

  it('a Sync Now whose write fails, after the clock was set back: a retry is scheduled within seconds, not an hour away', async () => {
    const h = await selected();
    vi.setSystemTime(Date.now() - 3_600_000); // the pending alarm now lies an hour ahead
    const errors = failNextWrites(h, 1, 'IO error');
    await expect(h.engine.syncNow('shortcut')).rejects.toThrow('IO error');
    expect((await h.alarmTime()) ?? Infinity).toBeLessThanOrEqual(Date.now() + 5_000);
    errors.mockRestore();
  });

  it('a new dashboard address taken up by a page-sync note (its own write failed) still leaves the new dashboard planned', async () => {
    const h = await selected();
    const errors = failNextWrites(h, 1, 'IO error');
    const previous = { ...h.settings };
    h.settings.dashboardUrl = 'https://crm.example.com';
    await expect(h.engine.settingsChanged(previous, { ...h.settings })).rejects.toThrow('IO error');
    await h.engine.pageSyncStarted('r5', 'c1'); // the first write after the change
    const state = await h.state();
    expect(state.dashboard).toBe('https://crm.example.com');
    expect(state.nextAttemptAt).not.toBeNull();
    expect(await h.alarmTime()).toBeDefined();
    errors.mockRestore();
  });
});

describe('found by the third campaign (errors at the interval)', () => {
  it('a pinned client read first by a worker that just started is synced at once, with no failures carried over', async () => {
    const h = await selected({ random: () => 0 });
    h.respond(() => jsonAnswer(500, {}));
    await h.advance(60_000); // c1 fails: the next try is half an interval away
    expect((await h.state()).consecutiveFailures).toBe(1);
    // The admin pins c3 in the options page. The storage change starts a new worker, which
    // reads the new settings before the change itself is applied.
    const previous = { ...h.settings };
    h.settings.pinnedClientId = 'c3';
    h.respond(() => jsonAnswer(200, {}));
    const woken = h.restart();
    await woken.engine.ready;
    await woken.engine.settingsChanged(previous, { ...h.settings });
    await woken.advance(0);
    expect(h.requests.map((r) => [r.at - T0, r.body])).toEqual([
      [0, { clientId: 'c1' }],
      [60_000, { clientId: 'c1' }],
      [60_000, { clientId: 'c3' }],
    ]);
    expect((await woken.state()).consecutiveFailures).toBe(0);
  });

  it('a sync cut off with its worker counts against its own client, not against one pinned since', async () => {
    const h = await selected({ random: () => 0 });
    h.respond(() => new Promise<HttpAnswer>(() => undefined));
    await h.advance(60_000); // c1's sync goes out, and its worker dies with it
    h.kill();
    const previous = { ...h.settings };
    h.settings.pinnedClientId = 'c3';
    h.respond(() => jsonAnswer(200, {}));
    const woken = h.restart();
    await woken.engine.ready;
    await woken.engine.settingsChanged(previous, { ...h.settings });
    await woken.advance(0);
    expect(h.requests.map((r) => [r.at - T0, r.body])).toEqual([
      [0, { clientId: 'c1' }],
      [60_000, { clientId: 'c1' }],
      [60_000, { clientId: 'c3' }],
    ]);
    const state = await woken.state();
    expect(state.history.find((a) => a.outcome === 'interrupted')).toMatchObject({ clientId: 'c1' });
    expect(state.consecutiveFailures).toBe(0);
  });
});
