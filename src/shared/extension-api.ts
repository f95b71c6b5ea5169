/**
 * The slice of the extension API that the content script and the shared storage readers use,
 * and the browser's own promise-based object behind it. The content script takes it from here
 * rather than from webextension-polyfill: Chrome ≥ 120 (`chrome.*` without a callback) and
 * Firefox ≥ 128 (`browser.*`) return promises natively, so the polyfill would only add weight to
 * every dashboard page. The worker and the extension pages pass the polyfill's `browser`, which
 * satisfies the same interface.
 */

export interface StorageChange {
  oldValue?: unknown;
  newValue?: unknown;
}

export type StorageChangeListener = (changes: Record<string, StorageChange>, areaName: string) => void;

export interface StorageAreaReader {
  get(keys: string | null): Promise<Record<string, unknown>>;
}

/**
 * The browser's own objects, unwrapped: in a content script whose extension was reloaded, updated
 * or disabled, Chrome's methods throw at once instead of returning a rejected promise.
 */
export interface ExtensionApi {
  runtime: {
    /** Undefined, or throws, in a content script whose extension was reloaded, updated or disabled. */
    readonly id: string | undefined;
    sendMessage(message: unknown): Promise<unknown>;
  };
  storage: {
    local: StorageAreaReader;
    sync: StorageAreaReader & { set(items: Record<string, unknown>): Promise<void> };
    managed: StorageAreaReader;
    onChanged: {
      addListener(listener: StorageChangeListener): void;
      removeListener(listener: StorageChangeListener): void;
    };
  };
}

interface ExtensionGlobals {
  browser?: unknown;
  chrome: ExtensionApi;
}

/**
 * `browser` where the browser provides it (Firefox, and recent Chromium as an alias), else
 * `chrome`. Only a plain object counts as `browser`: an element with id="browser" in the page is
 * a global in Chromium's content script world too (named access on the window), and must not be
 * taken for the API.
 */
export function extensionApi(scope: object = globalThis): ExtensionApi {
  const { browser, chrome } = scope as ExtensionGlobals;
  const isApi = typeof browser === 'object' && browser !== null && Object.getPrototypeOf(browser) === Object.prototype;
  return isApi ? (browser as ExtensionApi) : chrome;
}
