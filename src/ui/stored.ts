/**
 * Pages' and content scripts' window on extension storage: the state record (written only by
 * the worker) and the settings. They read storage directly, so the popup opens at once even
 * while the worker sleeps, and follow changes instead of keeping their own copy.
 */

import { browser } from '../shared/browser.ts';
import type { MessageMap, MessageError, MessageType } from '../shared/messages.ts';
import { parseSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts';
import { readSettings, watchSettingsLayers } from '../shared/settings-reader.ts';

/** The settings in force (the admin's own under the company policy). */
export { readSettings };
import { parseSyncState, SYNC_STATE_KEY, type SyncState } from '../shared/sync-state.ts';

export async function readSyncState(): Promise<SyncState> {
  const items = await browser.storage.local.get(SYNC_STATE_KEY);
  return parseSyncState(items[SYNC_STATE_KEY]);
}

/** The admin's own settings, validated on the way in, so nothing else can store a bad value. */
export async function saveSettings(settings: Settings): Promise<Settings> {
  const clean = parseSettings(settings);
  await browser.storage.sync.set({ [SETTINGS_KEY]: clean });
  return clean;
}

function watch<T>(area: 'local', key: string, parse: (raw: unknown) => T, onChange: (value: T) => void, signal: AbortSignal): void {
  const listener = (changes: Record<string, { newValue?: unknown }>, changedArea: string): void => {
    const change = changes[key];
    if (changedArea === area && change !== undefined) onChange(parse(change.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
}

export function watchSyncState(onChange: (state: SyncState) => void, signal: AbortSignal): void {
  watch('local', SYNC_STATE_KEY, parseSyncState, onChange, signal);
}

export function watchSettings(onChange: (settings: Settings) => void, signal: AbortSignal): void {
  watchSettingsLayers((layers) => onChange(layers.effective), signal);
}

export async function send<T extends MessageType>(request: MessageMap[T]['request']): Promise<MessageMap[T]['response'] | MessageError> {
  try {
    const reply: unknown = await browser.runtime.sendMessage(request);
    return reply as MessageMap[T]['response'] | MessageError;
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'The extension did not answer.' };
  }
}
