/**
 * The dashboard's context (selected client, role) as the page shows it: its own
 * `toast-sync:context` announcement, else the selected client id in localStorage.
 */

import { MAX_ID_LENGTH } from '../shared/constants.ts';
import { isBoolean, isNullable, isRecord, isText } from '../shared/guards.ts';
import type { DashboardContext } from '../shared/sync-state.ts';

const ANNOUNCEMENT_KEYS = new Set(['type', 'clientId', 'clientName', 'isAdmin']);
const isId = isNullable(isText(1, MAX_ID_LENGTH));
const isName = isNullable(isText(0, MAX_ID_LENGTH));

export interface MessageEventLike {
  source: unknown;
  origin: string;
  data: unknown;
}

/** Only the page itself, in this window and origin, with exactly the documented shape. */
export function contextFromMessage(event: MessageEventLike, self: unknown, origin: string): DashboardContext | null {
  if (event.source !== self || event.origin !== origin) return null;
  const data = event.data;
  if (!isRecord(data) || data.type !== 'toast-sync:context') return null;
  if (!Object.keys(data).every((key) => ANNOUNCEMENT_KEYS.has(key))) return null;
  const clientName = data.clientName ?? null;
  if (!isId(data.clientId) || !isName(clientName) || !isBoolean(data.isAdmin)) return null;
  return { clientId: data.clientId, clientName: data.clientId === null ? null : clientName, isAdmin: data.isAdmin };
}

/** The role is unknown on this path; the server's 403 tells the worker if it matters. */
export function contextFromStorage(storage: Pick<Storage, 'getItem'>, key: string): DashboardContext {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    raw = null;
  }
  // Apps often store JSON strings ("\"42\""); accept either form.
  let id = raw?.trim() ?? '';
  if (id.startsWith('"') && id.endsWith('"') && id.length >= 2) {
    try {
      const parsed: unknown = JSON.parse(id);
      id = typeof parsed === 'string' ? parsed.trim() : '';
    } catch {
      id = '';
    }
  }
  const valid = id !== '' && id !== 'null' && id !== 'undefined' && id.length <= MAX_ID_LENGTH;
  return { clientId: valid ? id : null, clientName: null, isAdmin: null };
}

export function sameContext(a: DashboardContext | null, b: DashboardContext): boolean {
  return a !== null && a.clientId === b.clientId && a.clientName === b.clientName && a.isAdmin === b.isAdmin;
}
