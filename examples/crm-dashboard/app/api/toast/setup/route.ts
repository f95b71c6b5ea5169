/** GET /api/toast/setup?clientId=…: the client's Toast integration status (settings page). */

import type { NextRequest } from 'next/server';
import { findClient } from '@/lib/data';
import { json } from '@/lib/http';
import { SESSION_COOKIE, userFromCookie } from '@/lib/session';
import { integrationOf } from '@/lib/state';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Response {
  // proxy.ts already answers 401 without a session; checked again here, next to the data.
  if (userFromCookie(request.cookies.get(SESSION_COOKIE)?.value) === null) return json(401, { error: 'Not signed in' });
  const clientId = request.nextUrl.searchParams.get('clientId');
  if (clientId === null || clientId === '') return json(400, { error: 'clientId is required' });
  if (findClient(clientId) === null) return json(404, { error: 'Client not found' });
  return json(200, integrationOf(clientId));
}
