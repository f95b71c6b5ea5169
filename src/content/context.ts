/**
 * The dashboard's context (selected client, role) as the page shows it: its own
 * `toast-sync:context` announcement, else the selected client id in localStorage.
 */

import * as v from 'valibot';
import type { DashboardContext } from '../shared/sync-state.ts';

const text = v.pipe(v.string(), v.maxLength(200));
const Announcement = v.strictObject({
  type: v.literal('toast-sync:context'),
  clientId: v.nullable(v.pipe(text, v.minLength(1))),
  clientName: v.optional(v.nullable(text), null),
  isAdmin: v.boolean(),
});

export interface MessageEventLike {
  source: unknown;
  origin: string;
  data: unknown;
}

/** Only the page itself, in this window and origin, with exactly the documented shape. */
export function contextFromMessage(event: MessageEventLike, self: unknown, origin: string): DashboardContext | null {
  if (event.source !== self || event.origin !== origin) return null;
  const parsed = v.safeParse(Announcement, event.data);
  if (!parsed.success) return null;
  const { clientId, clientName, isAdmin } = parsed.output;
  return { clientId, clientName: clientId === null ? null : clientName, isAdmin };
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
  const valid = id !== '' && id !== 'null' && id !== 'undefined' && id.length <= 200;
  return { clientId: valid ? id : null, clientName: null, isAdmin: null };
}

export function sameContext(a: DashboardContext | null, b: DashboardContext): boolean {
  return a !== null && a.clientId === b.clientId && a.clientName === b.clientName && a.isAdmin === b.isAdmin;
}
