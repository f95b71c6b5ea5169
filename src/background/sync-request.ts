/** One sync request to the dashboard: POST, cookies included, aborted at 25 s, then classified. */

import { SYNC_PATH, SYNC_TIMEOUT_MS } from '../shared/constants.ts';
import { noHostAccessMessage } from '../shared/host-access.ts';
import { classifyAnswer, type Classified, type HttpAnswer } from './classify.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<HttpAnswer>;

export interface TimerPort {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SyncRequestPorts {
  fetch: FetchLike;
  now: () => number;
  timers: TimerPort;
}

export interface SyncRequestResult extends Classified {
  durationMs: number;
}

class SyncTimeout extends Error {}

/**
 * Thrown by a fetch port that knows the extension holds no host access to the dashboard (a
 * policy-set address, a revoked grant): without it the request could only fail obscurely.
 */
export class NoHostAccess extends Error {}

export async function requestSync(
  ports: SyncRequestPorts,
  origin: string,
  clientId: string,
  timeoutMs = SYNC_TIMEOUT_MS,
): Promise<SyncRequestResult> {
  const started = ports.now();
  const controller = new AbortController();
  const timer = ports.timers.set(() => controller.abort(new SyncTimeout()), timeoutMs);
  const finish = (classified: Classified): SyncRequestResult => ({
    ...classified,
    durationMs: Math.max(0, ports.now() - started),
  });
  try {
    const answer = await ports.fetch(`${origin}${SYNC_PATH}`, {
      method: 'POST',
      credentials: 'include',
      // A redirect is the session telling us to log in; following it would read a login page as success.
      redirect: 'manual',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ clientId }),
      signal: controller.signal,
    });
    return finish(await classifyAnswer(answer, ports.now()));
  } catch (error) {
    const timedOut = controller.signal.aborted && controller.signal.reason instanceof SyncTimeout;
    const message = timedOut
      ? `The dashboard did not answer within ${Math.round(timeoutMs / 1000)} s. Retrying.`
      : error instanceof NoHostAccess
        ? noHostAccessMessage(origin)
        : `Could not reach the dashboard at ${origin}${describe(error)}. Retrying.`;
    return finish({ outcome: { kind: 'error', httpStatus: null, message }, pollIntervalSeconds: null });
  } finally {
    ports.timers.clear(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && error.message !== '' && error.message !== 'Failed to fetch') {
    return ` (${error.message.slice(0, 120)})`;
  }
  return '';
}
