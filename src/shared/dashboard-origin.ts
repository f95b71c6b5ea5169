/**
 * The dashboard's origin: parsing, aliases and host-permission patterns.
 * Pure, so `manifest.config.ts` (Node) and the extension share it.
 */

export type OriginResult = { ok: true; origin: string } | { ok: false; message: string };

export function parseDashboardOrigin(input: string): OriginResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter the dashboard address, for example https://crm.example.com.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a web address. Use the form https://crm.example.com.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'The dashboard address must start with http:// or https://.' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'The dashboard address must not contain a user name or password.' };
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      ok: false,
      message: `Use https://${url.host}: over plain http:// your dashboard session cookie would travel unencrypted. (http:// is only for localhost.)`,
    };
  }
  return { ok: true, origin: url.origin };
}

/**
 * The same rules as `parseDashboardOrigin`, without its messages (which the content script,
 * reading settings, has no room for).
 */
export function isAllowedDashboardUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  return secure && url.username === '' && url.password === '';
}

/** This machine: the only place a dashboard may be reached over plain http. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** localhost and 127.0.0.1 are the same dashboard to a developer; treat them as one. */
export function originAliases(origin: string): string[] {
  const url = new URL(origin);
  const alias = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : null;
  if (alias === null) return [origin];
  const other = new URL(origin);
  other.hostname = alias;
  return [origin, other.origin];
}

/** The browsers a build targets; they read host match patterns differently. */
export type PatternDialect = 'chrome' | 'firefox';

/**
 * Match pattern for host permissions and content scripts. Chrome takes the port, so no other
 * local app is touched. Firefox's patterns cannot name a port (one that does matches nothing),
 * so there the pattern covers every port of the host and the callers check the exact origin
 * (isSameDashboard) wherever that matters.
 */
export function hostPattern(origin: string, dialect: PatternDialect): string {
  const url = new URL(origin);
  return `${url.protocol}//${dialect === 'firefox' ? url.hostname : url.host}/*`;
}

/** Host patterns for a dashboard: its origin and, for localhost, the 127.0.0.1 twin. */
export function dashboardPatterns(origin: string, dialect: PatternDialect): string[] {
  return [...new Set(originAliases(origin).map((o) => hostPattern(o, dialect)))];
}

export function isSameDashboard(candidate: string | undefined, dashboardOrigin: string): boolean {
  if (candidate === undefined) return false;
  let origin: string;
  try {
    origin = new URL(candidate).origin;
  } catch {
    return false;
  }
  return originAliases(dashboardOrigin).includes(origin);
}
