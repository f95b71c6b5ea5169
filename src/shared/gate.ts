/** Whether a sync may be sent now, and for which client. Pure. */

import type { GateReason } from './messages.ts';
import { pinnedClient, type Settings } from './settings.ts';
import type { Client, SyncState } from './sync-state.ts';

export type Gate = { open: true; client: Client } | { open: false; reason: GateReason };

/** A pin from the options page wins over the page's selection. */
export function effectiveClient(state: SyncState, settings: Settings): Client | null {
  const pin = pinnedClient(settings);
  if (pin !== null) return pin;
  const { clientId, clientName } = state.context;
  return clientId === null ? null : { id: clientId, name: clientName };
}

/**
 * `explicit`: the admin asked (Sync Now, shortcut). That may retry a signed-out or forbidden
 * state once, but never overrides a pause, a missing client or a page that says "not admin".
 */
export function evaluateGate(state: SyncState, settings: Settings, explicit = false): Gate {
  const client = effectiveClient(state, settings);
  if (client === null) return { open: false, reason: 'no-client' };
  if (state.context.isAdmin === false) return { open: false, reason: 'not-admin' };
  if (state.pause.user) return { open: false, reason: 'paused' };
  if (state.pause.locked && settings.pauseWhenLocked) return { open: false, reason: 'locked' };
  if (state.pause.offline) return { open: false, reason: 'offline' };
  if (settings.onlyWhileDashboardOpen && state.pause.noDashboardTab) return { open: false, reason: 'no-dashboard-tab' };
  if (!explicit && state.signedOut) return { open: false, reason: 'signed-out' };
  if (!explicit && state.forbiddenClientId === client.id) return { open: false, reason: 'forbidden' };
  return { open: true, client };
}
