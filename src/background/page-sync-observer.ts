/**
 * Watches the dashboard page's own calls to the sync endpoint (its Sync Now) through
 * webRequest, pairs each request with its answer, and reports the outcome. The worker's own
 * requests have no tab and are ignored here. Plain data in, so it is testable without a browser.
 */

import { serverRateLimitWait } from '../shared/backoff.ts';
import { SYNC_PATH } from '../shared/constants.ts';
import { isSameDashboard } from '../shared/dashboard-origin.ts';
import type { PageSync } from './transitions.ts';

export const PAGE_SYNC_URLS = [`*://*${SYNC_PATH}`];

export interface RequestStart {
  requestId: string;
  url: string;
  method: string;
  tabId: number;
  timeStamp: number;
  initiator?: string;
  requestBody?: { raw?: { bytes?: unknown }[] } | null;
}

export interface RequestEnd {
  requestId: string;
  url: string;
  method: string;
  tabId: number;
  statusCode: number;
  timeStamp: number;
  initiator?: string;
  responseHeaders?: { name: string; value?: string }[];
}

export interface PageSyncObserver {
  started(details: RequestStart): Promise<void>;
  completed(details: RequestEnd): Promise<void>;
  failed(details: { requestId: string }): Promise<void>;
}

function bodyClientId(body: RequestStart['requestBody']): string | null {
  const bytes = body?.raw?.[0]?.bytes;
  if (!(bytes instanceof ArrayBuffer)) return null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const id = (parsed as { clientId?: unknown } | null)?.clientId;
    return typeof id === 'string' && id !== '' && id.length <= 200 ? id : null;
  } catch {
    return null;
  }
}

export function createPageSyncObserver(deps: {
  dashboardOrigin(): Promise<string>;
  report(sync: PageSync): Promise<unknown>;
  /** A page sync went out (its answer is reported later) / ended without an answer. */
  begun(requestId: string, clientId: string | null): Promise<unknown>;
  gone(requestId: string): Promise<unknown>;
}): PageSyncObserver {
  const pending = new Map<string, { clientId: string | null; startedAt: number }>();

  const fromPage = (d: { tabId: number; method: string; url: string }): boolean =>
    d.tabId >= 0 && d.method === 'POST' && new URL(d.url).pathname === SYNC_PATH;

  async function fromDashboard(d: { url: string; initiator?: string }): Promise<boolean> {
    const origin = await deps.dashboardOrigin();
    return isSameDashboard(d.url, origin) && (d.initiator === undefined || isSameDashboard(d.initiator, origin));
  }

  return {
    async started(details) {
      if (!fromPage(details)) return;
      const clientId = bodyClientId(details.requestBody);
      pending.set(details.requestId, { clientId, startedAt: details.timeStamp });
      // A request whose end never reaches us must not be kept forever.
      if (pending.size > 50) pending.delete(pending.keys().next().value as string);
      if (await fromDashboard(details)) await deps.begun(details.requestId, clientId);
    },
    async completed(details) {
      if (!fromPage(details)) return;
      const start = pending.get(details.requestId);
      pending.delete(details.requestId);
      if (!(await fromDashboard(details))) return;
      const headers = new Headers();
      for (const h of details.responseHeaders ?? []) if (h.value !== undefined) headers.append(h.name, h.value);
      await deps.report({
        requestId: details.requestId,
        httpStatus: details.statusCode,
        // A worker started after the request went out did not see its body: the engine knows it.
        clientId: start === undefined ? undefined : start.clientId,
        // Measured from the answer's own time, which is where the engine starts the wait.
        serverDelayMs: details.statusCode === 429 ? (serverRateLimitWait(headers, details.timeStamp)?.delayMs ?? null) : null,
        json: /\bjson\b/i.test(headers.get('Content-Type') ?? ''),
        startedAt: start?.startedAt ?? details.timeStamp,
        finishedAt: details.timeStamp,
      });
    },
    async failed(details) {
      if (pending.delete(details.requestId)) await deps.gone(details.requestId);
    },
  };
}
