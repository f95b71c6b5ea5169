/** Small helpers for the route handlers. */

/** Answers are never cached: the extension and the pages must see every change at once. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(value, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

export function html(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * The CSRF guard of POST /api/toast/sync (see README.md):
 * - no Origin header: allowed (not a browser; browsers always send Origin on a POST);
 * - the dashboard's own origin: allowed;
 * - a browser extension (`chrome-extension://…`, `moz-extension://…`): allowed, or only the
 *   exact origins listed in TOAST_SYNC_EXTENSION_ORIGINS (comma-separated) when that is set;
 * - anything else: refused.
 */
export function originAllowed(origin: string | null, host: string | null): boolean {
  if (origin === null) return true;
  if (/^(chrome|moz)-extension:\/\/[^/\s]+$/.test(origin)) {
    const pinned = (process.env.TOAST_SYNC_EXTENSION_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '');
    return pinned.length === 0 || pinned.includes(origin);
  }
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && host !== null && url.host === host.toLowerCase();
  } catch {
    return false; // includes the literal "null" origin
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the client went away). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const PAGE_STYLE =
  'body{margin:0;font:14px/1.5 ui-sans-serif,system-ui,sans-serif;color:#111827;background:#f9fafb}' +
  'main{min-height:100vh;display:flex;align-items:center;justify-content:center}' +
  'form{width:320px;display:flex;flex-direction:column;gap:12px;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:24px}';

/** Test fault `login-page`: what a sync gets from a dashboard that serves its login page with 200. */
export const LOGIN_PAGE_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Restaurant CRM</title><style>${PAGE_STYLE}</style></head>
<body><main><form method="post" action="/login"><h1>Sign in</h1>
<input name="email" type="email" required><input name="password" type="password" required>
<button type="submit">Sign In</button></form></main></body></html>
`;

/** Test fault `server-error` with an HTML body: a proxy's or framework's error page. */
export const SERVER_ERROR_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Error · Restaurant CRM</title><style>${PAGE_STYLE}</style></head>
<body><main><h1>500 Internal Server Error</h1></main></body></html>
`;
