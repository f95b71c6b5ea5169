/**
 * Pages' and content scripts' window on extension storage: the state record (written only by
 * the worker) and the settings. They read storage directly, so the popup opens at once even
 * while the worker sleeps, and follow changes instead of keeping their own copy. Built from the
 * context's extension API: the extension pages use `page-stored.ts` (the polyfill), the content
 * script builds its own from the native API, without the polyfill.
 */

import type { ExtensionApi, StorageChange } from '../shared/extension-api.ts';
import type { MessageMap, MessageError, MessageType } from '../shared/messages.ts';
import { parseSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts';
import { createSettingsReader, type SettingsReader } from '../shared/settings-reader.ts';
import { parseSyncState, SYNC_STATE_KEY, type SyncState } from '../shared/sync-state.ts';

/** The settings reader (the settings in force: the admin's own under the company policy), and: */
export interface Stored extends SettingsReader {
  readSyncState: () => Promise<SyncState>;
  watchSyncState: (onChange: (state: SyncState) => void, signal: AbortSignal) => void;
  watchSettings: (onChange: (settings: Settings) => void, signal: AbortSignal) => void;
  /** The admin's own settings, validated on the way in, so nothing else can store a bad value. */
  saveSettings: (settings: Settings) => Promise<Settings>;
  send: <T extends MessageType>(request: MessageMap[T]['request']) => Promise<MessageMap[T]['response'] | MessageError>;
}

export function createStored(api: ExtensionApi): Stored {
  const { storage, runtime } = api;
  const reader = createSettingsReader(api);
  return {
    ...reader,
    readSyncState: async () => parseSyncState((await storage.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY]),
    watchSyncState(onChange, signal) {
      const listener = (changes: Record<string, StorageChange>, area: string): void => {
        const change = changes[SYNC_STATE_KEY];
        if (area === 'local' && change !== undefined) onChange(parseSyncState(change.newValue));
      };
      storage.onChanged.addListener(listener);
      signal.addEventListener('abort', () => storage.onChanged.removeListener(listener), { once: true });
    },
    watchSettings: (onChange, signal) => reader.watchSettingsLayers((layers) => onChange(layers.effective), signal),
    async saveSettings(settings) {
      const clean = parseSettings(settings);
      await storage.sync.set({ [SETTINGS_KEY]: clean });
      return clean;
    },
    async send<T extends MessageType>(request: MessageMap[T]['request']): Promise<MessageMap[T]['response'] | MessageError> {
      try {
        return (await runtime.sendMessage(request)) as MessageMap[T]['response'] | MessageError;
      } catch (error) {
        return { error: error instanceof Error ? error.message : 'The extension did not answer.' };
      }
    },
  };
}
