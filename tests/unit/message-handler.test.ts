import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleMessage, pagesOriginOf, senderKind, type ExtensionIdentity, type SenderInfo } from '../../src/background/message-handler.ts';
import { parseRequest } from '../../src/shared/messages.ts';
import { ADMIN_CONTEXT, createHarness, flush, startClock } from './harness.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const DASHBOARD = 'http://localhost:3000';
const CHROME: ExtensionIdentity = { id: ID, pagesOrigin: `chrome-extension://${ID}` };
const popup: SenderInfo = { id: ID, url: `chrome-extension://${ID}/src/popup/index.html` };
const dashboardTab: SenderInfo = { id: ID, url: 'http://localhost:3000/visits', origin: DASHBOARD, tab: { id: 3 } };

beforeEach(() => startClock());
afterEach(() => {
  vi.useRealTimers();
});

describe('who may send messages', () => {
  it('knows the extension’s pages and its content scripts on the dashboard', () => {
    expect(senderKind(popup, CHROME, DASHBOARD)).toBe('extension-page');
    expect(senderKind(dashboardTab, CHROME, DASHBOARD)).toBe('dashboard-content');
    expect(senderKind({ ...dashboardTab, url: 'http://127.0.0.1:3000/', origin: 'http://127.0.0.1:3000' }, CHROME, DASHBOARD)).toBe(
      'dashboard-content',
    );
  });

  it('refuses other extensions, other origins and senders without a tab', () => {
    expect(senderKind({ ...popup, id: 'otherextension' }, CHROME, DASHBOARD)).toBeNull();
    expect(senderKind({ id: ID, url: 'chrome-extension://otherextension/x.html' }, CHROME, DASHBOARD)).toBeNull();
    expect(senderKind({ ...dashboardTab, url: 'https://evil.example/', origin: 'https://evil.example' }, CHROME, DASHBOARD)).toBeNull();
    expect(senderKind({ ...dashboardTab, url: 'http://localhost:3001/', origin: 'http://localhost:3001' }, CHROME, DASHBOARD)).toBeNull();
    expect(senderKind({ id: ID, url: DASHBOARD }, CHROME, DASHBOARD)).toBeNull();
    expect(senderKind({}, CHROME, DASHBOARD)).toBeNull();
  });
});

describe('who may send messages in Firefox', () => {
  // Firefox names the add-on by its gecko ID and its pages by a UUID chosen per profile.
  const GECKO_ID = 'toast-sync-companion@crm-tools.example';
  const UUID = '4b1c3a52-2f0e-4e8e-9d6b-0f6a7d1e2c33';
  const FIREFOX: ExtensionIdentity = { id: GECKO_ID, pagesOrigin: pagesOriginOf(`moz-extension://${UUID}/`) };

  it('takes its pages origin from runtime.getURL, without the trailing slash', () => {
    expect(FIREFOX.pagesOrigin).toBe(`moz-extension://${UUID}`);
  });

  it('knows its own moz-extension pages and its content scripts on the dashboard', () => {
    expect(senderKind({ id: GECKO_ID, url: `moz-extension://${UUID}/src/popup/index.html` }, FIREFOX, DASHBOARD)).toBe('extension-page');
    expect(senderKind({ id: GECKO_ID, url: 'http://localhost:3000/visits', tab: { id: 3 } }, FIREFOX, DASHBOARD)).toBe('dashboard-content');
  });

  it('refuses another profile’s or add-on’s pages, and the dashboard host on another port', () => {
    const other = 'moz-extension://00000000-0000-4000-8000-000000000000/src/popup/index.html';
    expect(senderKind({ id: GECKO_ID, url: other }, FIREFOX, DASHBOARD)).toBeNull();
    expect(senderKind({ id: GECKO_ID, url: `moz-extension://${UUID}evil/x.html` }, FIREFOX, DASHBOARD)).toBeNull();
    expect(senderKind({ id: 'other@example.com', url: `moz-extension://${UUID}/x.html` }, FIREFOX, DASHBOARD)).toBeNull();
    // Firefox's host patterns cover every port, so the content script may run on :3001 too.
    expect(senderKind({ id: GECKO_ID, url: 'http://localhost:3001/', tab: { id: 4 } }, FIREFOX, DASHBOARD)).toBeNull();
    expect(senderKind({ id: GECKO_ID, url: `chrome-extension://${UUID}/x.html` }, FIREFOX, DASHBOARD)).toBeNull();
  });

  it('never takes an empty pages origin as a match for everything', () => {
    expect(senderKind({ id: GECKO_ID, url: '/x.html' }, { id: GECKO_ID, pagesOrigin: '' }, DASHBOARD)).toBeNull();
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
    return { h, deps: { engine: h.engine, extension: CHROME, dashboardOrigin: () => Promise.resolve(DASHBOARD) } };
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
    expect(await handleMessage({ type: 'pause' }, popup, d)).toMatchObject({ pause: { user: true }, nextAttemptAt: null });
    expect(await handleMessage({ type: 'resume' }, popup, d)).toMatchObject({ pause: { user: false } });
  });
});
