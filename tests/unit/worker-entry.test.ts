import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { SYNC_STATE_KEY, type SyncState } from '../../src/shared/sync-state.ts';
import { syncView } from '../../src/shared/sync-view.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts';
import { POLICY_WAIT_MS } from '../../src/shared/settings-reader.ts';
import { ADMIN_CONTEXT, T0, flush, startClock } from './harness.ts';

const idleListeners: ((state: string) => void)[] = [];
let registered: { id: string; matches?: string[]; runAt?: string; world?: string }[] = [];
let openTabs: { id: number; url?: string }[] = [];
let injected: { tabId: number; files: string[]; world: string }[] = [];
const commandListeners: ((command: string) => void)[] = [];
const webRequestListeners: unknown[] = [];
const addedListeners: (() => void)[] = [];
const removedListeners: (() => void)[] = [];
/** Host access to the dashboard, as `permissions.contains` reports it. */
let hostGranted = true;
let idleState = 'active';

beforeEach(() => {
  startClock();
  vi.resetModules();
  idleListeners.length = 0;
  commandListeners.length = 0;
  webRequestListeners.length = 0;
  addedListeners.length = 0;
  removedListeners.length = 0;
  hostGranted = true;
  idleState = 'active';
  // Parts of the worker's world that fake-browser leaves out.
  vi.stubGlobal('self', new EventTarget());
  vi.stubGlobal('navigator', { onLine: true });
  registered = [];
  openTabs = [];
  injected = [];
  Object.assign(fakeBrowser.tabs, { query: () => Promise.resolve(openTabs) });
  Object.assign(fakeBrowser, {
    idle: {
      onStateChanged: { addListener: (l: (state: string) => void) => idleListeners.push(l) },
      queryState: () => Promise.resolve(idleState),
    },
    commands: { onCommand: { addListener: (l: (command: string) => void) => commandListeners.push(l) } },
    webRequest: {
      onBeforeRequest: { addListener: (l: unknown) => void webRequestListeners.push(l) },
      onCompleted: { addListener: (l: unknown) => void webRequestListeners.push(l) },
      onErrorOccurred: { addListener: (l: unknown) => void webRequestListeners.push(l) },
    },
    scripting: {
      executeScript: (injection: { target: { tabId: number }; files: string[]; world: string }) => {
        injected.push({ tabId: injection.target.tabId, files: injection.files, world: injection.world });
        return Promise.resolve([]);
      },
      getRegisteredContentScripts: () => Promise.resolve(registered.map((r) => ({ ...r }))),
      registerContentScripts: async (scripts: typeof registered) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // Chromium's registration takes a while
        // As in Chromium: a second registration under the same id is an error.
        if (scripts.some((s) => registered.some((r) => r.id === s.id))) throw new Error('Duplicate script ID');
        registered.push(...scripts);
      },
      unregisterContentScripts: () => {
        registered = [];
        return Promise.resolve();
      },
    },
    permissions: {
      contains: () => Promise.resolve(hostGranted),
      onAdded: { addListener: (l: () => void) => void addedListeners.push(l) },
      onRemoved: { addListener: (l: () => void) => void removedListeners.push(l) },
    },
  });
  Object.assign(fakeBrowser.action, { setIcon: () => Promise.resolve() });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

type Sender = Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];
const dashboardSender = {
  id: fakeBrowser.runtime.id,
  url: 'http://localhost:3000/visits',
  origin: 'http://localhost:3000',
  tab: { id: 1 },
} as Sender;

/** The admin changes the extension's site access in the browser's own settings. */
function revokeHostAccess(): void {
  hostGranted = false;
  for (const listener of removedListeners) listener();
}
function grantHostAccess(): void {
  hostGranted = true;
  for (const listener of addedListeners) listener();
}

async function send(message: unknown, sender: Sender): Promise<unknown> {
  let answer: unknown;
  const replied = new Promise<void>((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger(message, sender, (response: unknown) => {
      answer = response;
      resolve();
    });
  });
  await flush();
  await replied;
  return answer;
}

describe('service worker entry', () => {
  it('registers its listeners while the module loads, before any await', async () => {
    await import('../../src/background/index.ts');
    // No flush: the listeners must already be there when evaluation ends.
    for (const event of [
      fakeBrowser.alarms.onAlarm,
      fakeBrowser.runtime.onMessage,
      fakeBrowser.runtime.onStartup,
      fakeBrowser.runtime.onInstalled,
      fakeBrowser.storage.onChanged,
    ]) {
      expect((event as unknown as { hasListeners(): boolean }).hasListeners()).toBe(true);
    }
    expect(idleListeners).toHaveLength(1);
    expect(commandListeners).toHaveLength(1);
    expect(webRequestListeners).toHaveLength(3);
    expect(addedListeners).toHaveLength(1);
    expect(removedListeners).toHaveLength(1);
  });

  it('registers the dashboard scripts at document_start on start', async () => {
    await import('../../src/background/index.ts');
    await vi.advanceTimersByTimeAsync(100);
    const matches = ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'];
    expect(registered).toMatchObject([
      { matches, runAt: 'document_start', world: 'MAIN' },
      { matches, runAt: 'document_start', world: 'ISOLATED' },
    ]);
  });

  it('injects into dashboard tabs already open once per extension instance, not on every worker start', async () => {
    openTabs = [{ id: 7, url: 'http://localhost:3000/visits' }];
    await import('../../src/background/index.ts');
    await vi.advanceTimersByTimeAsync(100);
    expect(injected.map((i) => [i.tabId, i.world])).toEqual([
      [7, 'MAIN'],
      [7, 'ISOLATED'],
    ]);
    // The worker idles out and an alarm starts it again: storage.session still says done.
    vi.resetModules();
    await import('../../src/background/index.ts');
    await vi.advanceTimersByTimeAsync(100);
    expect(injected).toHaveLength(2);
    // Updated, reloaded or re-enabled: Chromium empties storage.session, and the tabs are adopted again.
    await fakeBrowser.storage.session.clear();
    vi.resetModules();
    await import('../../src/background/index.ts');
    await vi.advanceTimersByTimeAsync(100);
    expect(injected).toHaveLength(4);
  });

  it('registrations asked for at once run one at a time', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../src/background/index.ts');
    // Start-up's registration is under way; three grants arrive before it ends.
    for (let i = 0; i < 3; i++) for (const listener of addedListeners) listener();
    await vi.advanceTimersByTimeAsync(100);
    await flush();
    expect(registered).toHaveLength(2);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('draws the badge from storage on start', async () => {
    await fakeBrowser.storage.local.set({
      [SYNC_STATE_KEY]: { version: 1, signedOut: true, context: ADMIN_CONTEXT },
    });
    await import('../../src/background/index.ts');
    await flush();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
  });

  it('a context message from the dashboard syncs, answers and paints the badge; the alarm then drives it', async () => {
    const calls: number[] = [];
    vi.stubGlobal('fetch', () => {
      calls.push(Date.now());
      return Promise.resolve(new Response('{"ordersSynced":2}', { headers: { 'Content-Type': 'application/json' } }));
    });
    await import('../../src/background/index.ts');
    const reply = await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    expect(reply).toMatchObject({ context: ADMIN_CONTEXT });
    await flush();
    expect(calls).toEqual([T0]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✓');
    vi.setSystemTime(T0 + 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'toast-sync', scheduledTime: T0 + 60_000, persistAcrossSessions: true });
    await flush();
    expect(calls).toEqual([T0, T0 + 60_000]);
  });

  it('the Alt+Shift+S command syncs now, by the same rules as the button', async () => {
    const calls: number[] = [];
    vi.stubGlobal('fetch', () => {
      calls.push(Date.now());
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await flush();
    vi.setSystemTime(T0 + 10_000);
    for (const listener of commandListeners) listener('sync-now');
    await flush();
    expect(calls).toEqual([T0, T0 + 10_000]);
    expect(commandListeners).toHaveLength(1);
  });

  it('a worker that starts while the screen is locked is paused', async () => {
    idleState = 'locked';
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await flush();
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as SyncState;
    expect(stored.pause.locked).toBe(true);
    expect(syncView(stored, DEFAULT_SETTINGS, Date.now()).status).toBe('paused');
  });

  it('refuses a message without a trusted sender', async () => {
    await import('../../src/background/index.ts');
    expect(await send({ type: 'sync-now' }, {})).toMatchObject({ error: expect.any(String) as unknown });
  });

  it('a settings change in storage.sync takes effect at once', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(init.body as string));
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await fakeBrowser.storage.sync.set({ settings: { pinnedClientId: 'pin-1', pinnedClientName: 'Pinned' } });
    await flush();
    expect(calls).toEqual([{ clientId: 'c1' }, { clientId: 'pin-1' }]);
  });

  it('a company policy wins over the admin’s own settings, and a policy change takes effect at once', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(init.body as string));
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    await fakeBrowser.storage.sync.set({ settings: { pinnedClientId: 'mine' } });
    await fakeBrowser.storage.managed.set({ pinnedClientId: 'policy-1' });
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await flush();
    await fakeBrowser.storage.managed.set({ pinnedClientId: 'policy-2', pinnedClientName: 'From IT' });
    await flush();
    expect(calls).toEqual([{ clientId: 'policy-1' }, { clientId: 'policy-2' }]);
    expect(await fakeBrowser.action.getTitle({})).toMatch(/^Toast sync · From IT · /);
  });

  it('a policy the browser is slow to hand over holds syncing back no longer than the wait, and applies when it comes', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(init.body as string));
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    let handOver: (policy: Record<string, unknown>) => void = () => undefined;
    const slow = new Promise<Record<string, unknown>>((resolve) => (handOver = resolve));
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockReturnValue(slow as never);
    await import('../../src/background/index.ts');
    void send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS - 100);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    await flush();
    expect(calls).toEqual([{ clientId: 'c1' }]);
    handOver({ pinnedClientId: 'policy-1' });
    await flush();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([{ clientId: 'c1' }, { clientId: 'policy-1' }]);
  });

  it('asks the browser for the policy once per worker, and follows its changes from their events', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(init.body as string));
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    const reads = vi.spyOn(fakeBrowser.storage.managed, 'get');
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await flush();
    vi.setSystemTime(T0 + 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'toast-sync', scheduledTime: T0 + 60_000, persistAcrossSessions: true });
    await flush();
    await fakeBrowser.storage.managed.set({ pinnedClientId: 'policy-1' });
    await flush();
    await fakeBrowser.storage.managed.remove('pinnedClientId');
    await flush();
    expect(calls).toEqual([{ clientId: 'c1' }, { clientId: 'c1' }, { clientId: 'policy-1' }]);
    // The pin lifted: the page's client is the one planned again.
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as { client: { id: string } };
    expect(stored.client.id).toBe('c1');
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('without host access to the dashboard it sends nothing and says how to give it', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('fetch', () => {
      calls.push(1);
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    Object.assign(fakeBrowser.permissions, { contains: () => Promise.resolve(false) });
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await flush();
    expect(calls).toEqual([]);
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as SyncState;
    expect(syncView(stored, DEFAULT_SETTINGS, Date.now())).toMatchObject({
      status: 'error',
      error: 'No access to http://localhost:3000 yet. Open the Toast Sync popup and choose Allow access.',
    });
  });

  it('host access withdrawn (Site access, the Permissions tab) unregisters the dashboard scripts; given back, they return', async () => {
    openTabs = [{ id: 7, url: 'http://localhost:3000/visits' }];
    await import('../../src/background/index.ts');
    await vi.advanceTimersByTimeAsync(100);
    expect(registered.map((r) => r.world)).toEqual(['MAIN', 'ISOLATED']);
    expect(injected).toHaveLength(2);
    revokeHostAccess();
    await vi.advanceTimersByTimeAsync(100);
    expect(registered).toEqual([]);
    grantHostAccess();
    await vi.advanceTimersByTimeAsync(100);
    const matches = ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'];
    expect(registered).toMatchObject([
      { matches, runAt: 'document_start', world: 'MAIN' },
      { matches, runAt: 'document_start', world: 'ISOLATED' },
    ]);
    // A new registration: the tab open all along gets the scripts again without a reload.
    expect(injected.map((i) => [i.tabId, i.world])).toEqual([
      [7, 'MAIN'],
      [7, 'ISOLATED'],
      [7, 'MAIN'],
      [7, 'ISOLATED'],
    ]);
  });

  it('host access withdrawn turns the badge to "no access" at once; given back, it syncs at once, not an interval later', async () => {
    const calls: number[] = [];
    vi.stubGlobal('fetch', () => {
      calls.push(Date.now());
      return Promise.resolve(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    });
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: ADMIN_CONTEXT }, dashboardSender);
    await flush();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✓');
    vi.setSystemTime(T0 + 20_000);
    revokeHostAccess();
    await flush();
    const noAccess = 'No access to http://localhost:3000 yet. Open the Toast Sync popup and choose Allow access.';
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toBe(`Toast sync · Bella's Bistro · ${noAccess}`);
    // The next sync sends nothing and records why.
    vi.setSystemTime(T0 + 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'toast-sync', scheduledTime: T0 + 60_000, persistAcrossSessions: true });
    await flush();
    expect(calls).toEqual([T0]);
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as SyncState;
    expect(syncView(stored, DEFAULT_SETTINGS, Date.now())).toMatchObject({ status: 'error', error: noAccess });
    vi.setSystemTime(T0 + 70_000);
    grantHostAccess();
    await flush();
    expect(calls).toEqual([T0, T0 + 70_000]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✓');
    // Another grant (any permission) with nothing waiting for it sends nothing more.
    grantHostAccess();
    await flush();
    expect(calls).toHaveLength(2);
  });

  it('the offline and online events pause and resume', async () => {
    await import('../../src/background/index.ts');
    await send({ type: 'set-context', context: { ...ADMIN_CONTEXT, isAdmin: false } }, dashboardSender);
    (globalThis as unknown as { self: EventTarget }).self.dispatchEvent(new Event('offline'));
    await flush();
    const stored = (await fakeBrowser.storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as { pause: { offline: boolean } };
    expect(stored.pause.offline).toBe(true);
  });
});
