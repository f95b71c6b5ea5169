/// <reference types="chrome" />
// The content script's way to the extension: the browser's own API (no polyfill), and its
// storage window built on it. The setup puts the fake browser at `globalThis.browser`.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { extensionApi, type ExtensionApi } from '../../src/shared/extension-api.ts';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../../src/shared/settings.ts';
import { defaultSyncState, SYNC_STATE_KEY, type SyncState } from '../../src/shared/sync-state.ts';
import { createStored } from '../../src/ui/stored.ts';

const chromeApi = { runtime: { id: 'from-chrome' } } as unknown as ExtensionApi;
const firefoxApi = { runtime: { id: 'from-browser' } };

describe('the native extension API (extension-api.ts)', () => {
  it('is `browser` when there is one (Firefox, recent Chromium)', () => {
    expect(extensionApi({ browser: firefoxApi, chrome: chromeApi })).toBe(firefoxApi);
  });

  it('is `chrome` where there is no `browser` (older Chrome)', () => {
    expect(extensionApi({ chrome: chromeApi })).toBe(chromeApi);
    expect(extensionApi({ browser: undefined, chrome: chromeApi })).toBe(chromeApi);
  });

  it('is `chrome` when `browser` is only an element of the page named so (named access on the window)', () => {
    class HTMLFormElement {
      runtime = { id: 'a form field' };
    }
    expect(extensionApi({ browser: new HTMLFormElement(), chrome: chromeApi })).toBe(chromeApi);
    expect(extensionApi({ browser: null, chrome: chromeApi })).toBe(chromeApi);
  });

  it('looks in the global scope by default', () => {
    expect(extensionApi()).toBe(fakeBrowser);
  });

  it('is an interface Chrome’s own API satisfies', () => {
    expectTypeOf<typeof chrome>().toExtend<ExtensionApi>();
  });
});

describe('the content script’s storage window, over the native API', () => {
  const stored = () => createStored(extensionApi());
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('reads the settings in force (the admin’s own under the policy) and the state record', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, intervalSeconds: 90, signOutSelector: '#mine' } });
    await fakeBrowser.storage.managed.set({ signOutSelector: '#policy' });
    await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: { ...defaultSyncState(), consecutiveFailures: 1 } });
    const page = stored();
    expect(await page.readSettings()).toMatchObject({ intervalSeconds: 90, signOutSelector: '#policy' });
    expect((await page.readSyncState()).consecutiveFailures).toBe(1);
  });

  it('follows the state record and the policy until its signal aborts', async () => {
    const page = stored();
    await page.readSettings();
    const states: SyncState[] = [];
    const settings: Settings[] = [];
    const stop = new AbortController();
    page.watchSyncState((state) => states.push(state), stop.signal);
    page.watchSettings((next) => settings.push(next), stop.signal);

    await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: { ...defaultSyncState(), consecutiveFailures: 2 } });
    await fakeBrowser.storage.managed.set({ clientStorageKey: 'tenant' });
    await settle();
    expect(states.map((state) => state.consecutiveFailures)).toEqual([2]);
    expect(settings.map((next) => next.clientStorageKey)).toEqual(['tenant']);

    stop.abort();
    await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: { ...defaultSyncState(), consecutiveFailures: 3 } });
    await fakeBrowser.storage.managed.set({ clientStorageKey: 'other' });
    await settle();
    expect(states).toHaveLength(1);
    expect(settings).toHaveLength(1);
  });

  it('sends messages to the worker, and turns a failure into an error reply', async () => {
    const received: unknown[] = [];
    // As the worker answers: through sendResponse, having returned true.
    fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (reply: unknown) => void) => {
      received.push(message);
      sendResponse({ ok: true });
      return true;
    });
    expect(await stored().send({ type: 'sync-now' })).toEqual({ ok: true });
    expect(received).toEqual([{ type: 'sync-now' }]);

    // No worker listening: the browser rejects the message.
    fakeBrowser.runtime.onMessage.removeAllListeners();
    expect(await stored().send({ type: 'sync-now' })).toEqual({ error: 'No listeners available' });
  });
});
