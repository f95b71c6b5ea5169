/** Everything one simulator instance owns, handed to the route modules. */

import type { Store } from './data.ts';
import type { FaultQueue } from './faults.ts';
import type { Sessions } from './sessions.ts';
import type { SyncLog } from './sync-log.ts';
import type { ToastUpstream } from './toast-upstream.ts';

export interface Runtime {
  /** The port actually listened on (known after listen; origins are checked against it). */
  port: number;
  announce: boolean;
  store: Store;
  sessions: Sessions;
  upstream: ToastUpstream;
  faults: FaultQueue;
  log: SyncLog;
  /** Aborted when the server closes, so slow answers stop waiting. */
  closing: AbortSignal;
}

/** The dashboard's own origin (both spellings) and any extension: the route's CSRF guard. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false;
  if (origin === `http://localhost:${port}` || origin === `http://127.0.0.1:${port}`) return true;
  // Any extension id: the real dashboard would pin its admins' extension id instead.
  return /^chrome-extension:\/\/[^/\s]+$/.test(origin);
}
