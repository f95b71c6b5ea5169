/**
 * Reads the settings in force: the admin's own (`storage.sync`) under the company policy
 * (`storage.managed`). Shared by the worker, the extension pages and the content script: each
 * context builds one reader from its extension API (the polyfill's `browser` in the worker and
 * the pages, the native one in the content script) and keeps what it knows of the policy in it.
 */

import type { ExtensionApi, StorageChange } from './extension-api.ts';
import { effectiveSettings, parseManagedSettings, parseSettings, SETTINGS_KEY, type ManagedSettings, type Settings } from './settings.ts';

export interface SettingsLayers {
  own: Settings;
  /** The policy as stored, unvalidated (the options page names keys it had to ignore). */
  managedRaw: Record<string, unknown>;
  managed: ManagedSettings;
  effective: Settings;
}

type RawPolicy = Record<string, unknown>;

/**
 * How long the worker waits for the policy before a sync decision. Chromium answers
 * `storage.managed.get` only once its policy service is ready: 2.2–2.7 s after a fresh
 * profile's start under load here, after an extension update within 14 ms in some runs and 5 s
 * or more in others, and in some starts not within 35 s. Syncing must not wait on that: after
 * this long it goes on with what is known (the admin's own settings), and the policy applies
 * when it comes.
 */
export const POLICY_WAIT_MS = 1_000;

/**
 * The same for what the admin sees (popup, options, the sidebar indicator): they show at once
 * with what is known and follow the policy when it arrives (1 s made the indicator of every
 * page load in a fresh browser come 0.9 s after hydration).
 */
export const PAGE_POLICY_WAIT_MS = 100;

/** True for a storage change that may change the settings in force. */
export function touchesSettings(changes: Record<string, unknown>, area: string): boolean {
  return area === 'managed' || (area === 'sync' && SETTINGS_KEY in changes);
}

export interface SettingsReader {
  /** The policy's raw keys, or the last known ones while the browser is still loading it. */
  readManagedRaw: (waitMs?: number) => Promise<RawPolicy>;
  readOwnSettings: () => Promise<Settings>;
  readSettingsLayers: (policyWaitMs?: number) => Promise<SettingsLayers>;
  readSettings: (policyWaitMs?: number) => Promise<Settings>;
  /** Calls back with the layers after every change of the admin's settings or the policy, until `signal` aborts. */
  watchSettingsLayers: (onChange: (layers: SettingsLayers) => void, signal: AbortSignal) => void;
  /**
   * Called when a policy that reads had to go on without arrives: `before` is what they used.
   * Chromium does not report that first arrival as a storage change.
   */
  onLatePolicy: (listener: (policy: RawPolicy, before: RawPolicy) => void, signal?: AbortSignal) => void;
  /**
   * Keeps the known policy current: call with each `storage.onChanged` event of the managed area.
   * A removed key comes without `newValue` (Chromium) or with `null` (some fakes); a policy value
   * is never null, so both mean gone.
   */
  notePolicyChange: (changes: Record<string, StorageChange>) => void;
  /** Forgets what is known of the policy, as a new page or worker starts (for tests). */
  forgetPolicy: () => void;
}

/** One per context: the policy it knows is kept current from the context's storage events. */
export function createSettingsReader(api: Pick<ExtensionApi, 'storage'>): SettingsReader {
  const { storage } = api;
  let pending: Promise<RawPolicy> | null = null;
  /** The last policy read in this context; `{}` until one arrives. */
  let lastKnown: RawPolicy = {};
  /**
   * The browser has answered a read in this context: from then on the policy is known here and
   * kept current from its change events, so no read waits on the browser again.
   */
  let answered = false;
  /** A read stopped waiting for the pending one (which will then be announced as an arrival). */
  let gaveUp = false;
  const arrivals = new Set<(policy: RawPolicy, before: RawPolicy) => void>();
  let following = false;

  function notePolicyChange(changes: Record<string, StorageChange>): void {
    const next = { ...lastKnown };
    for (const [key, change] of Object.entries(changes)) {
      if (change.newValue === undefined || change.newValue === null) delete next[key];
      else next[key] = change.newValue;
    }
    lastKnown = next;
  }

  function fetchPolicy(): Promise<RawPolicy> {
    if (!following) {
      // Kept current for the context's whole life, not only while someone watches.
      following = true;
      storage.onChanged.addListener((changes, area) => {
        if (area === 'managed') notePolicyChange(changes);
      });
    }
    pending ??= storage.managed
      .get(null)
      .then(
        (raw) => raw,
        // A browser without managed storage, or without a policy for this extension, has none.
        () => ({}),
      )
      .then((raw) => {
        pending = null;
        answered = true;
        const before = lastKnown;
        lastKnown = raw;
        if (gaveUp && JSON.stringify(before) !== JSON.stringify(raw)) for (const listener of arrivals) listener(raw, before);
        gaveUp = false;
        return raw;
      });
    return pending;
  }

  async function readManagedRaw(waitMs = PAGE_POLICY_WAIT_MS): Promise<RawPolicy> {
    if (answered) return lastKnown;
    const read = fetchPolicy();
    if (gaveUp) return lastKnown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    const result = await Promise.race([read, waited]);
    clearTimeout(timer);
    if (result !== null) return result;
    gaveUp = true;
    return lastKnown;
  }

  async function readOwnSettings(): Promise<Settings> {
    return parseSettings((await storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]);
  }

  async function readSettingsLayers(policyWaitMs = PAGE_POLICY_WAIT_MS): Promise<SettingsLayers> {
    const [own, managedRaw] = await Promise.all([readOwnSettings(), readManagedRaw(policyWaitMs)]);
    const managed = parseManagedSettings(managedRaw);
    return { own, managedRaw, managed, effective: effectiveSettings(own, managed) };
  }

  function onLatePolicy(listener: (policy: RawPolicy, before: RawPolicy) => void, signal?: AbortSignal): void {
    arrivals.add(listener);
    signal?.addEventListener('abort', () => arrivals.delete(listener), { once: true });
  }

  return {
    readManagedRaw,
    readOwnSettings,
    readSettingsLayers,
    readSettings: async (policyWaitMs) => (await readSettingsLayers(policyWaitMs)).effective,
    watchSettingsLayers(onChange, signal) {
      const reread = (): void =>
        void readSettingsLayers().then(
          (layers) => signal.aborted || onChange(layers),
          () => undefined,
        );
      const listener = (changes: Record<string, StorageChange>, area: string): void => {
        if (area === 'managed') notePolicyChange(changes);
        if (touchesSettings(changes, area)) reread();
      };
      storage.onChanged.addListener(listener);
      onLatePolicy(reread, signal);
      signal.addEventListener('abort', () => storage.onChanged.removeListener(listener), { once: true });
    },
    onLatePolicy,
    notePolicyChange,
    forgetPolicy() {
      pending = null;
      lastKnown = {};
      answered = false;
      gaveUp = false;
      following = false;
    },
  };
}
