/**
 * Server-rendered HTML: the login page and the one shell every app page shares (the app
 * script renders the rest client-side, like a Next.js client layout). Plain CSS in the look
 * of a Tailwind dashboard; no external assets, so it works offline and in CI.
 */

import { escapeHtml } from './http.ts';
import { SEED_USERS } from './data.ts';

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:14px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;background:#f9fafb}
h1{font-size:20px;font-weight:600;margin:0}
h2{font-size:14px;font-weight:600;margin:0 0 8px}
.muted{color:#6b7280;font-size:13px;margin:0}
#layout{display:flex;min-height:100vh}
#sidebar{width:240px;flex:none;position:sticky;top:0;height:100vh;display:flex;flex-direction:column;gap:16px;padding:16px;background:#fff;border-right:1px solid #e5e7eb}
.brand{font-weight:600;font-size:15px;padding:4px 8px}
.label{display:block;font-size:12px;font-weight:500;color:#6b7280;margin:0 0 4px 8px}
#client-picker{width:100%;padding:6px 8px;border:1px solid #d1d5db;border-radius:6px;background:#fff;font:inherit;font-size:13px}
.nav{display:flex;flex-direction:column;gap:2px}
.nav a{display:block;padding:6px 8px;border-radius:6px;color:#374151;text-decoration:none;font-size:13px}
.nav a:hover{background:#f3f4f6}
.nav a[aria-current=page]{background:#f3f4f6;color:#111827;font-weight:500}
.sidebar-footer{margin-top:auto;display:flex;flex-direction:column;gap:8px;padding-top:12px;border-top:1px solid #e5e7eb}
.user{padding:0 8px}
.user-name{font-size:13px;font-weight:500}
#sign-out{width:100%;text-align:left;padding:6px 8px;border:0;border-radius:6px;background:none;color:#374151;font:inherit;font-size:13px;cursor:pointer}
#sign-out:hover{background:#f3f4f6}
#content{flex:1;min-width:0;padding:24px 32px;display:flex;flex-direction:column;gap:16px}
.page-header{display:flex;flex-direction:column;gap:2px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px}
.row{display:flex;align-items:center;gap:12px}
.result{margin:0;font-size:13px;color:#374151}
dl{display:grid;grid-template-columns:120px 1fr;gap:6px 12px;margin:0;font-size:13px}
dt{color:#6b7280}dd{margin:0}
button.primary{padding:6px 12px;border:0;border-radius:6px;background:#111827;color:#fff;font:inherit;font-size:13px;font-weight:500;cursor:pointer}
button.primary:disabled{opacity:.5;cursor:default}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e5e7eb;border-radius:8px;font-size:13px}
th{text-align:left;font-weight:500;color:#6b7280;background:#f9fafb;padding:8px 12px;border-bottom:1px solid #e5e7eb}
td{padding:8px 12px;border-bottom:1px solid #f3f4f6}
.login{min-height:100vh;display:flex;align-items:center;justify-content:center}
.login form{width:320px;display:flex;flex-direction:column;gap:12px;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:24px}
.login input{width:100%;padding:6px 8px;border:1px solid #d1d5db;border-radius:6px;font:inherit}
.login label{font-size:12px;font-weight:500;color:#374151}
.error{color:#b91c1c;font-size:13px;margin:0}
`;

function document(title: string, body: string, bodyAttributes = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body${bodyAttributes}>
${body}
</body>
</html>
`;
}

export function loginPage(options: { error?: string; email?: string } = {}): string {
  const error = options.error === undefined ? '' : `<p id="login-error" class="error" role="alert">${escapeHtml(options.error)}</p>`;
  const { admin, staff } = SEED_USERS;
  return document(
    'Sign in · Restaurant CRM',
    `<main class="login">
<form method="post" action="/api/login">
<h1>Sign in</h1>
<p class="muted">Restaurant CRM</p>
${error}
<div><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}"></div>
<div><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit" class="primary">Sign In</button>
<p class="muted">Demo: ${escapeHtml(admin.email)} / ${escapeHtml(admin.password)} (admin), ${escapeHtml(staff.email)} / ${escapeHtml(staff.password)} (staff)</p>
</form>
</main>`,
  );
}

/**
 * The shell of every app page. `data-announce` carries the announce switch as it was when the
 * page was served; the script reads it each time it would announce.
 */
export function appShell(options: { announce: boolean }): string {
  return document(
    'Restaurant CRM',
    `<div id="layout">
<aside id="sidebar"></aside>
<main id="content"><p class="muted">Loading…</p></main>
</div>
<script src="/app.js"></script>`,
    ` data-announce="${options.announce ? 'true' : 'false'}"`,
  );
}

export function notFoundPage(): string {
  return document('Not found · Restaurant CRM', '<main class="login"><p>Page not found. <a href="/visits">Go to Visits</a></p></main>');
}

export function serverErrorPage(): string {
  return document('Error · Restaurant CRM', '<main class="login"><h1>500 Internal Server Error</h1></main>');
}
