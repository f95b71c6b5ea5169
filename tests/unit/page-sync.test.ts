import { SYNC_LEASE_MS } from '../../src/shared/constants.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPageSyncObserver, type RequestEnd, type RequestStart } from '../../src/background/page-sync-observer.ts';
import type { PageSync } from '../../src/background/transitions.ts';
import { ADMIN_CONTEXT, createHarness, jsonAnswer, startClock, T0, type Harness } from './harness.ts';

const URL_ = 'http://localhost:3000/api/toast/sync';
const body = (clientId: string) => ({ raw: [{ bytes: new TextEncoder().encode(JSON.stringify({ clientId })).buffer }] });
const start = (over: Partial<RequestStart> = {}): RequestStart => ({
  requestId: 'r1',
  url: URL_,
  method: 'POST',
  tabId: 4,
  timeStamp: T0,
  initiator: 'http://localhost:3000',
  requestBody: body('c1'),
  ...over,
});
const end = (over: Partial<RequestEnd> = {}): RequestEnd => ({
  requestId: 'r1',
  url: URL_,
  method: 'POST',
  tabId: 4,
  statusCode: 200,
  timeStamp: T0 + 120,
  initiator: 'http://localhost:3000',
  responseHeaders: [{ name: 'Content-Type', value: 'application/json' }],
  ...over,
});

function observer() {
  const reports: PageSync[] = [];
  const events: string[] = [];
  const o = createPageSyncObserver({
    dashboardOrigin: () => Promise.resolve('http://localhost:3000'),
    report: (s) => {
      reports.push(s);
      events.push('answer');
      return Promise.resolve();
    },
    begun: (requestId, clientId) => Promise.resolve(events.push(`begun ${requestId} ${String(clientId)}`)),
    gone: (requestId) => Promise.resolve(events.push(`gone ${requestId}`)),
  });
  return { o, reports, events };
}

describe('observing the page’s own sync', () => {
  it('pairs the request with its answer: client from the body, timing, Retry-After', async () => {
    const { o, reports, events } = observer();
    await o.started(start());
    await o.completed(end({ statusCode: 429, responseHeaders: [{ name: 'Retry-After', value: '30' }] }));
    expect(reports).toEqual([
      { requestId: 'r1', httpStatus: 429, clientId: 'c1', serverDelayMs: 30_000, json: false, startedAt: T0, finishedAt: T0 + 120 },
    ]);
    expect(events).toEqual(['begun r1 c1', 'answer']);
  });

  it('an HTTP-date Retry-After is measured from the answer’s time, where the engine starts the wait, not from when it is handled', async () => {
    const { o, reports } = observer();
    await o.started(start());
    const answeredAt = T0 + 5_000; // the worker handles it a moment later
    const retryAt = new Date(answeredAt + 30_000).toUTCString();
    await o.completed(end({ statusCode: 429, timeStamp: answeredAt, responseHeaders: [{ name: 'Retry-After', value: retryAt }] }));
    expect(reports[0]?.serverDelayMs).toBe(30_000);
  });

  it('a page sync that fails without an answer is reported gone; an unknown one is not', async () => {
    const { o, events } = observer();
    await o.started(start());
    await o.failed({ requestId: 'r1' });
    await o.failed({ requestId: 'r1' });
    await o.failed({ requestId: 'never-started' });
    expect(events).toEqual(['begun r1 c1', 'gone r1']);
  });

  it('says whether the answer was JSON (a 200 login page is not)', async () => {
    const { o, reports } = observer();
    await o.completed(end());
    await o.completed(end({ responseHeaders: [{ name: 'content-type', value: 'text/html; charset=utf-8' }] }));
    await o.completed(end({ responseHeaders: [{ name: 'Content-Type', value: 'application/problem+json' }] }));
    expect(reports.map((r) => r.json)).toEqual([true, false, true]);
  });

  it('ignores the extension’s own requests (no tab), other origins and other methods', async () => {
    const { o, reports, events } = observer();
    for (const over of [
      { tabId: -1 },
      { method: 'GET' },
      { url: 'https://evil.example/api/toast/sync', initiator: 'https://evil.example' },
      { initiator: 'https://evil.example' },
    ]) {
      await o.started(start(over));
      await o.completed(end(over));
    }
    expect(reports).toEqual([]);
    expect(events).toEqual([]);
  });

  it('survives an unreadable body and a lost start (the client is then unknown to it: undefined)', async () => {
    const { o, reports } = observer();
    await o.started(start({ requestBody: { raw: [{ bytes: new TextEncoder().encode('<not json>').buffer }] } }));
    await o.completed(end());
    await o.completed(end({ requestId: 'never-started' }));
    expect(reports.map((r) => r.clientId)).toEqual([null, undefined]);
    expect(reports[1]?.startedAt).toBe(T0 + 120);
  });
});

describe('the engine after a page sync', () => {
  let h: Harness;
  beforeEach(async () => {
    startClock();
    h = createHarness({ random: () => 0 });
    await h.engine.ready;
    await h.engine.setContext(ADMIN_CONTEXT);
    await h.advance(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const sync = (over: Partial<PageSync>): PageSync => ({
    requestId: 'r1',
    httpStatus: 200,
    clientId: 'c1',
    serverDelayMs: null,
    json: true,
    startedAt: Date.now() - 100,
    finishedAt: Date.now(),
    ...over,
  });

  it('a page success restarts the countdown: no extension request right after it', async () => {
    await h.advance(40_000);
    await h.engine.pageSynced(sync({}));
    expect(await h.alarmTime()).toBe(T0 + 100_000);
    await h.advance(59_000);
    expect(h.requests).toHaveLength(1);
    await h.advance(1_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 100_000]);
    const state = await h.state();
    expect(state.history.map((a) => a.trigger)).toEqual(['timer', 'page', 'alarm']);
  });

  it('a 429 the page received holds the extension back, even Sync Now', async () => {
    await h.advance(10_000);
    await h.engine.pageSynced(sync({ httpStatus: 429, serverDelayMs: 90_000 }));
    const state = await h.state();
    expect(state.status).toBe('rate-limited');
    expect(state.retryNotBefore).toBe(T0 + 100_000);
    expect(await h.engine.syncNow()).toMatchObject({ kind: 'deferred', retryAt: T0 + 100_000 });
    await h.advance(89_000);
    expect(h.requests).toHaveLength(1);
    await h.advance(1_000);
    expect(h.requests).toHaveLength(2);
  });

  it('a page success for another client, or a page error, changes nothing', async () => {
    const before = await h.state();
    await h.engine.pageSynced(sync({ clientId: 'c-other' }));
    await h.engine.pageSynced(sync({ httpStatus: 500 }));
    h.respond(() => jsonAnswer(200, {}));
    expect((await h.state()).history).toEqual(before.history);
    expect(await h.alarmTime()).toBe(T0 + 60_000);
  });

  it('a page 429 without headers never shortens a longer Retry-After already in force', async () => {
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': '600' }));
    await h.advance(60_000); // the extension's own sync: 429, wait 10 min
    const limitedUntil = (await h.state()).retryNotBefore;
    expect(limitedUntil).toBe(T0 + 60_000 + 600_000);
    await h.engine.pageSynced(sync({ httpStatus: 429, serverDelayMs: null }));
    expect((await h.state()).retryNotBefore).toBe(limitedUntil);
    expect(await h.alarmTime()).toBe(limitedUntil);
  });

  it('a page "success" that was a login page served with 200 clears neither a wait nor a sign-out', async () => {
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': '900' }));
    await h.advance(60_000);
    const before = await h.state();
    await h.engine.pageSynced(sync({ httpStatus: 200, json: false }));
    const after = await h.state();
    expect(after.retryNotBefore).toBe(before.retryNotBefore);
    expect(after.status).toBe('rate-limited');
    expect(after.history).toEqual(before.history);
  });

  it('a real page success during a Retry-After keeps the wait: the next sync is not before it', async () => {
    h.respond(() => jsonAnswer(429, {}, { 'Retry-After': '300' }));
    await h.advance(60_000);
    await h.engine.pageSynced(sync({}));
    const state = await h.state();
    expect(state.retryNotBefore).toBe(T0 + 360_000);
    expect(state.nextAttemptAt).toBe(T0 + 360_000);
  });

  it('a page sync still in flight holds the extension’s alarm back until its answer: never two at once', async () => {
    await h.advance(59_000);
    await h.engine.pageSyncStarted('r1', 'c1'); // the page's Sync Now, a slow one
    await h.advance(5_000); // the extension's sync was due at 60 s
    expect(h.requests).toHaveLength(1);
    await h.engine.pageSynced(sync({}));
    await h.advance(59_000);
    expect(h.requests).toHaveLength(1);
    await h.advance(1_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 124_000]);
  });

  it('a page sync whose answer is never seen holds back at most one lease', async () => {
    await h.advance(59_000);
    await h.engine.pageSyncStarted('r1', 'c1');
    await h.advance(60_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 59_000 + SYNC_LEASE_MS]);
  });

  it('a worker started after the page’s request went out still knows its client: another client’s success moves nothing', async () => {
    await h.advance(30_000);
    await h.engine.pageSyncStarted('r1', 'c-other'); // the page syncs another client (another tab)
    const woken = h.restart(); // the worker is stopped; the answer wakes a new one, which never saw the request
    await woken.engine.pageSynced(sync({ clientId: undefined }));
    expect((await woken.state()).nextAttemptAt).toBe(T0 + 60_000);
    await woken.advance(30_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 60_000]);
  });

  it('… and the page’s success for this client restarts the countdown there too: no double sync', async () => {
    await h.advance(30_000);
    await h.engine.pageSyncStarted('r1', 'c1');
    const woken = h.restart();
    await woken.engine.pageSynced(sync({ clientId: undefined }));
    await woken.advance(60_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 90_000]);
  });

  it('a page 429 while no client is known (unreadable body, none selected) still holds every sync back', async () => {
    await h.engine.setContext({ clientId: null, clientName: null, isAdmin: true });
    await h.engine.pageSynced(sync({ httpStatus: 429, clientId: null, serverDelayMs: 600_000 }));
    await h.engine.setContext(ADMIN_CONTEXT); // a client is chosen again
    await h.advance(599_000);
    expect(h.requests).toHaveLength(1);
    await h.advance(1_000);
    expect(h.requests.map((r) => r.at - T0)).toEqual([0, 600_000]);
  });

  it('two page syncs out at once, and a worker that saw neither start: each answer is matched to its own client, and the hold lasts until both are in', async () => {
    await h.advance(30_000);
    await h.engine.pageSyncStarted('r1', 'c1');
    await h.engine.pageSyncStarted('r2', 'c-other'); // another tab, another client
    const woken = h.restart();
    await woken.engine.pageSynced(sync({ requestId: 'r1', clientId: undefined })); // c1's: restarts the countdown
    let state = await woken.state();
    expect(state.nextAttemptAt).toBe(Date.now() + 60_000);
    expect(state.pageSyncUntil).not.toBeNull(); // r2 is still out
    await woken.engine.pageSynced(sync({ requestId: 'r2', clientId: undefined, httpStatus: 500 }));
    state = await woken.state();
    expect(state.pageSyncUntil).toBeNull();
    expect(state.pageSyncs).toEqual([]);
  });
});
