/**
 * The simulator's public interface, shared with the end-to-end tests and the demo.
 * Kept in one file so the contract is easy to read and hard to drift.
 */

export interface DashboardOptions {
  /** Default 3000; 0 = pick a free port. */
  port?: number;
  /** Default '127.0.0.1'. Only loopback is ever listened on ('localhost' means 127.0.0.1). */
  host?: string;
  /** Default true: pages postMessage the toast-sync:context announcement. */
  announceContext?: boolean;
  /** Default true: no console logging per request. */
  quiet?: boolean;
}

export interface SyncRecord {
  /** Date.now() when the request arrived. */
  atMs: number;
  /** Same, ISO. */
  at: string;
  /** From the JSON body, null if absent/invalid. */
  clientId: string | null;
  /** The Origin request header. */
  origin: string | null;
  /** A valid session cookie was present when the request arrived. */
  cookie: boolean;
  /** HTTP status answered; 0 when the client went away before an answer. */
  status: number;
  durationMs: number;
  /** 0 unless success. */
  ordersSynced: number;
  /** The fault kind applied, if any. */
  fault: string | null;
}

export type Fault =
  | { kind: 'rate-limit'; count?: number; retryAfter?: string | number; toastReset?: number }
  | { kind: 'server-error'; count?: number; body?: 'html' | 'json'; message?: string } // message: the JSON body's `error` (tests use it for hostile text)
  | { kind: 'slow'; count?: number; ms: number }
  | { kind: 'login-page'; count?: number }
  | { kind: 'malformed-json'; count?: number }
  | { kind: 'expire-session'; count?: number }
  | { kind: 'redirect'; count?: number }
  | { kind: 'poll-interval'; count?: number; seconds: number };

export type FaultKind = Fault['kind'];

export interface Dashboard {
  /** e.g. 'http://localhost:3000' (host name localhost even though it listens on 127.0.0.1). */
  url: string;
  port: number;
  /** Every POST /api/toast/sync, in arrival order (copies). */
  syncs(): SyncRecord[];
  /** Queue: each fault applies to the next `count` (default 1) sync requests, in order. */
  script(fault: Fault | Fault[]): void;
  clearFaults(): void;
  /** Clear log and faults (sessions kept). */
  reset(): void;
  setAnnounce(on: boolean): void;
  /** Every session ends. */
  expireSessions(): void;
  /** Closes the server and all open connections. */
  close(): Promise<void>;
}
