/**
 * Reads the settings in force: the admin's own (`storage.sync`) under the company policy
 * (`storage.managed`). Shared by the worker, the extension pages and the content script.
 */

import { browser } from './browser.ts';
import { effectiveSettings, parseManagedSettings, parseSettings, SETTINGS_KEY, type ManagedSettings, type Settings } from './settings.ts';

export interface SettingsLayers {
  own: Settings;
  /** The policy as stored, unvalidated (the options page names keys it had to ignore). */
  managedRaw: Record<string, unknown>;
  managed: ManagedSettings;
  effective: Settings;
}

/**
 * The policy's raw keys. A browser without managed storage, or without a policy for this
 * extension, has none; that is not an error.
 */
export async function readManagedRaw(): Promise<Record<string, unknown>> {
  try {
    return await browser.storage.managed.get(null);
  } catch {
    return {};
  }
}

export async function readOwnSettings(): Promise<Settings> {
  return parseSettings((await browser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

export async function readSettingsLayers(): Promise<SettingsLayers> {
  const [own, managedRaw] = await Promise.all([readOwnSettings(), readManagedRaw()]);
  const managed = parseManagedSettings(managedRaw);
  return { own, managedRaw, managed, effective: effectiveSettings(own, managed) };
}

export async function readSettings(): Promise<Settings> {
  return (await readSettingsLayers()).effective;
}

/** True for a storage change that may change the settings in force. */
export function touchesSettings(changes: Record<string, unknown>, area: string): boolean {
  return area === 'managed' || (area === 'sync' && SETTINGS_KEY in changes);
}

/** Calls back with the layers after every change of the admin's settings or the policy, until `signal` aborts. */
export function watchSettingsLayers(onChange: (layers: SettingsLayers) => void, signal: AbortSignal): void {
  const listener = (changes: Record<string, unknown>, area: string): void => {
    if (touchesSettings(changes, area)) void readSettingsLayers().then((layers) => signal.aborted || onChange(layers), () => undefined);
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
}
