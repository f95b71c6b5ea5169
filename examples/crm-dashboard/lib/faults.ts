/**
 * Test-only: scripted misbehaviour for POST /api/toast/sync, set through /__control/faults with
 * strict validation (a malformed fault is a 400). A dashboard owner can ignore this file.
 */

export type Fault =
  | { kind: 'rate-limit'; count?: number; retryAfter?: string | number; toastReset?: number }
  | { kind: 'server-error'; count?: number; body?: 'html' | 'json'; message?: string }
  | { kind: 'slow'; count?: number; ms: number }
  | { kind: 'login-page'; count?: number }
  | { kind: 'malformed-json'; count?: number }
  | { kind: 'expire-session'; count?: number }
  | { kind: 'redirect'; count?: number }
  | { kind: 'poll-interval'; count?: number; seconds: number };

export type FaultKind = Fault['kind'];

export type FaultParse = { ok: true; faults: Fault[] } | { ok: false; error: string };

/** Longest `slow` delay: past this a test is waiting on itself, not on the extension. */
export const MAX_SLOW_MS = 10 * 60_000;

const FIELDS: Record<FaultKind, readonly string[]> = {
  'rate-limit': ['retryAfter', 'toastReset'],
  'server-error': ['body', 'message'],
  slow: ['ms'],
  'login-page': [],
  'malformed-json': [],
  'expire-session': [],
  redirect: [],
  'poll-interval': ['seconds'],
};

function isKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && Object.hasOwn(FIELDS, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A header value Node will send as is: printable, no line breaks. */
function isHeaderText(value: string): boolean {
  return value.length > 0 && value.length <= 200 && /^[\x20-\x7e]+$/.test(value);
}

function parseOne(input: unknown, where: string): Fault | string {
  if (!isRecord(input)) return `${where}: a fault must be an object`;
  const { kind } = input;
  if (!isKind(kind)) return `${where}: unknown fault kind ${JSON.stringify(kind) ?? 'undefined'}`;
  const allowed = new Set(['kind', 'count', ...FIELDS[kind]]);
  const extra = Object.keys(input).filter((k) => !allowed.has(k));
  if (extra.length > 0) return `${where}: unexpected field(s) for ${kind}: ${extra.join(', ')}`;

  const { count } = input;
  if (count !== undefined && !(Number.isSafeInteger(count) && (count as number) >= 1)) {
    return `${where}: count must be a positive integer`;
  }
  const base = count === undefined ? {} : { count: count as number };

  switch (kind) {
    case 'rate-limit': {
      const { retryAfter, toastReset } = input;
      if (retryAfter !== undefined && !finite(retryAfter) && !(typeof retryAfter === 'string' && isHeaderText(retryAfter))) {
        return `${where}: retryAfter must be a finite number or a non-empty printable string`;
      }
      if (toastReset !== undefined && !finite(toastReset)) return `${where}: toastReset must be a finite number`;
      return {
        kind,
        ...base,
        ...(retryAfter === undefined ? {} : { retryAfter }),
        ...(toastReset === undefined ? {} : { toastReset }),
      };
    }
    case 'server-error': {
      const { body, message } = input;
      if (body !== undefined && body !== 'html' && body !== 'json') return `${where}: body must be "html" or "json"`;
      if (message !== undefined && (typeof message !== 'string' || message.length > 1000))
        return `${where}: message must be a string of at most 1000 characters`;
      return { kind, ...base, ...(body === undefined ? {} : { body }), ...(message === undefined ? {} : { message }) };
    }
    case 'slow': {
      const { ms } = input;
      if (!finite(ms) || ms < 0 || ms > MAX_SLOW_MS) return `${where}: ms must be a number from 0 to ${MAX_SLOW_MS}`;
      return { kind, ...base, ms };
    }
    case 'poll-interval': {
      const { seconds } = input;
      if (!finite(seconds)) return `${where}: seconds must be a finite number`;
      return { kind, ...base, seconds };
    }
    case 'login-page':
    case 'malformed-json':
    case 'expire-session':
    case 'redirect':
      return { kind, ...base };
  }
}

/** A `Fault` or a `Fault[]`, validated strictly; all or nothing. */
export function parseFaults(input: unknown): FaultParse {
  const list = Array.isArray(input) ? (input as unknown[]) : [input];
  const faults: Fault[] = [];
  for (const [i, item] of list.entries()) {
    const parsed = parseOne(item, Array.isArray(input) ? `fault[${i}]` : 'fault');
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    faults.push(parsed);
  }
  return { ok: true, faults };
}

export interface FaultQueue {
  add(faults: readonly Fault[]): void;
  /** The fault for the next sync request, used up one count at a time. */
  take(): Fault | null;
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  const queue: { fault: Fault; remaining: number }[] = [];
  return {
    add(faults) {
      for (const fault of faults) queue.push({ fault, remaining: fault.count ?? 1 });
    },
    take() {
      const head = queue[0];
      if (head === undefined) return null;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.fault;
    },
    clear() {
      queue.length = 0;
    },
  };
}
