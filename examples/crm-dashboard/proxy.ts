/**
 * Runs before every page and API request (Next.js 16's name for middleware):
 * - signed-out page requests go to /login; a signed-in user asking for /login goes to /visits;
 * - signed-out /api/* requests get 401 JSON;
 * - POST /api/toast/sync passes through untouched: the route answers 401 itself (and, with test
 *   controls on, records every call in the sync log).
 *
 * This is the optimistic first check only: the layout, the route handlers and the server
 * actions check the session again next to the data they guard.
 */

import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE, userFromCookie } from '@/lib/session';

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (pathname === '/api/toast/sync') return NextResponse.next();

  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  const user = userFromCookie(cookie);

  if (pathname.startsWith('/api/')) {
    return user !== null
      ? NextResponse.next()
      : Response.json({ error: 'Not signed in' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  }
  // Server actions are POSTs to the page they are used on; each checks the session itself
  // (signing in and out must work without one), so they are not redirected here.
  if (request.method !== 'GET' && request.method !== 'HEAD') return NextResponse.next();

  if (pathname === '/login') {
    return user !== null ? NextResponse.redirect(new URL('/visits', request.url)) : NextResponse.next();
  }
  if (user === null) {
    const response = NextResponse.redirect(new URL('/login', request.url));
    // A cookie whose session has ended is useless: drop it on the way out.
    if (cookie !== undefined) response.cookies.delete(SESSION_COOKIE);
    return response;
  }
  return NextResponse.next();
}

export const config = {
  // Everything except Next's own assets, the icon and the test-only control endpoints.
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|icon\\.svg|__control/).*)'],
};
