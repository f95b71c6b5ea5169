import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleMessage, senderKind, type SenderInfo } from '../../src/background/message-handler.ts';
import { parseRequest } from '../../src/shared/messages.ts';
import { ADMIN_CONTEXT, createHarness, flush, startClock } from './harness.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const DASHBOARD = 'http://localhost:3000';
const popup: SenderInfo = { id: ID, url: `chrome-extension://${ID}/src/popup/index.html` };
const dashboardTab: SenderInfo = { id: ID, url: 'http://localhost:3000/visits', origin: DASHBOARD, tab: { id: 3 } };

beforeEach(() => startClock());
afterEach(() => {
  vi.useRealTimers();
});

describe('who may send messages', () => {
  it('knows the extension’s pages and its content scripts on the dashboard', () => {
    expect(senderKind(popup, ID, DASHBOARD)).toBe('extension-page');
    expect(senderKind(dashboardTab, ID, DASHBOARD)).toBe('dashboard-content');
    expect(senderKind({ ...dashboardTab, url: 'http://127.0.0.1:3000/', origin: 'http://127.0.0.1:3000' }, ID, DASHBOARD)).toBe(
      'dashboard-content',
    );
  });

  it('refuses other extensions, other origins and senders without a tab', () => {
    expect(senderKind({ ...popup, id: 'otherextension' }, ID, DASHBOARD)).toBeNull();
    expect(senderKind({ id: ID, url: 'chrome-extension://otherextension/x.html' }, ID, DASHBOARD)).toBeNull();
    expect(senderKind({ ...dashboardTab, url: 'https://evil.example/', origin: 'https://evil.example' }, ID, DASHBOARD)).toBeNull();
    expect(senderKind({ ...dashboardTab, url: 'http://localhost:3001/', origin: 'http://localhost:3001' }, ID, DASHBOARD)).toBeNull();
    expect(senderKind({ id: ID, url: DASHBOARD }, ID, DASHBOARD)).toBeNull();
    expect(senderKind({}, ID, DASHBOARD)).toBeNull();
  });
});

describe('message shapes', () => {
  it('accepts exactly the typed messages', () => {
    expect(parseRequest({ type: 'sync-now' })).toEqual({ type: 'sync-now' });
    expect(parseRequest({ type: 'set-context', context: ADMIN_CONTEXT })).toEqual({ type: 'set-context', context: ADMIN_CONTEXT });
  });

  it('refuses unknown types, extra fields and bad contexts', () => {
    for (const raw of [
      null,
      'sync-now',
      { type: 'delete-everything' },
      { type: 'sync-now', clientId: 'other' },
      { type: 'set-context', context: { clientId: 7, clientName: null, isAdmin: true } },
      { type: 'set-context', context: { ...ADMIN_CONTEXT, url: 'https://evil.example' } },
      { type: 'set-context' },
    ]) {
      expect(parseRequest(raw), JSON.stringify(raw)).toBeNull();
    }
  });
});

describe('handling', () => {
  const deps = () => {
    const h = createHarness();
    return { h, deps: { engine: h.engine, extensionId: ID, dashboardOrigin: () => Promise.resolve(DASHBOARD) } };
  };

  it('a dashboard content script sets the context, which starts syncing', async () => {
    const { h, deps: d } = deps();
    const state = await handleMessage({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardTab, d);
    await flush();
    expect(state).toMatchObject({ context: ADMIN_CONTEXT });
    expect(h.requests).toHaveLength(1);
  });

  it('the popup may not set the context, and a stranger may do nothing', async () => {
    const { h, deps: d } = deps();
    expect(await handleMessage({ type: 'set-context', context: ADMIN_CONTEXT }, popup, d)).toEqual({
      error: '"set-context" is not accepted from here.',
    });
    expect(await handleMessage({ type: 'sync-now' }, { id: ID, url: 'https://evil.example/' }, d)).toMatchObject({
      error: expect.stringContaining('may not') as unknown,
    });
    expect(await handleMessage({ type: 'pause' }, dashboardTab, d)).toMatchObject({ error: expect.any(String) as unknown });
    await flush();
    expect(h.requests).toHaveLength(0);
  });

  it('the popup pauses and resumes', async () => {
    const { deps: d } = deps();
    await handleMessage({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardTab, d);
    expect(await handleMessage({ type: 'pause' }, popup, d)).toMatchObject({ status: 'paused' });
    expect(await handleMessage({ type: 'resume' }, popup, d)).toMatchObject({ pause: { user: false } });
  });
});
