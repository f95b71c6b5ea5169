/**
 * Answers the typed messages (shared/messages.ts). Only this extension's own pages and its
 * content scripts on the dashboard origin are heard; anything else gets a refusal.
 */

import { isSameDashboard } from '../shared/dashboard-origin.ts';
import { parseRequest, type AnyRequest, type MessageError } from '../shared/messages.ts';
import type { Engine } from './engine.ts';

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
}

export type SenderKind = 'extension-page' | 'dashboard-content';

/**
 * This extension as senders show it: its ID, and the origin of its own pages, which is
 * `chrome-extension://<id>` in Chrome but `moz-extension://<per-profile UUID>` in Firefox, so it
 * is read from the browser (runtime.getURL) rather than built from the ID.
 */
export interface ExtensionIdentity {
  id: string;
  pagesOrigin: string;
}

/** The pages origin from `runtime.getURL('')`, which ends in a slash. */
export function pagesOriginOf(rootUrl: string): string {
  return rootUrl.replace(/\/+$/, '');
}

export function senderKind(sender: SenderInfo, extension: ExtensionIdentity, dashboardOrigin: string): SenderKind | null {
  if (sender.id !== extension.id) return null;
  const where = sender.origin ?? sender.url;
  if (where === undefined) return null;
  // By prefix: URL parsers disagree on the origin of non-special schemes (Node says "null").
  const ownPages = extension.pagesOrigin;
  if (ownPages !== '' && (where === ownPages || where.startsWith(`${ownPages}/`))) return 'extension-page';
  if (sender.tab !== undefined && isSameDashboard(where, dashboardOrigin)) return 'dashboard-content';
  return null;
}

/** Which senders may send what: only the dashboard page knows the dashboard's context. */
const ALLOWED: Record<AnyRequest['type'], readonly SenderKind[]> = {
  'sync-now': ['extension-page', 'dashboard-content'],
  'get-state': ['extension-page', 'dashboard-content'],
  'set-context': ['dashboard-content'],
  pause: ['extension-page'],
  resume: ['extension-page'],
};

export interface MessageDeps {
  engine: Engine;
  extension: ExtensionIdentity;
  dashboardOrigin(): Promise<string>;
}

export async function handleMessage(raw: unknown, sender: SenderInfo, deps: MessageDeps): Promise<unknown> {
  const kind = senderKind(sender, deps.extension, await deps.dashboardOrigin());
  if (kind === null) return refusal('This sender may not talk to Toast Sync Companion.');
  const request = parseRequest(raw);
  if (request === null) return refusal('Unknown or malformed message.');
  if (!ALLOWED[request.type].includes(kind)) return refusal(`"${request.type}" is not accepted from here.`);
  switch (request.type) {
    case 'sync-now':
      return deps.engine.syncNow('manual');
    case 'get-state':
      return deps.engine.getState();
    case 'set-context':
      return deps.engine.setContext(request.context);
    case 'pause':
      return deps.engine.pause();
    case 'resume':
      return deps.engine.resume();
  }
}

function refusal(error: string): MessageError {
  return { error };
}
