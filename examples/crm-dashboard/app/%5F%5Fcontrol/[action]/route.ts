/**
 * /__control/*: the test-only remote control the extension's end-to-end tests and demo drive
 * this dashboard with (request log, scripted faults). Exists only when the server runs with
 * CRM_TEST_CONTROLS=1; otherwise every path answers 404. Never enable it in production.
 *
 * The folder is named `%5F%5Fcontrol` because App Router treats folders starting with `_` as
 * private (not routable); `%5F` is the documented escape for a literal underscore in the URL.
 *
 *   GET    /__control/syncs            every POST /api/toast/sync answered, in arrival order
 *   GET    /__control/in-flight        the ones arrived and not answered yet
 *   POST   /__control/faults           a fault or a list of faults for the next sync requests
 *   DELETE /__control/faults           drop the scripted faults
 *   POST   /__control/reset            clear the sync log and the faults (sessions kept)
 *   POST   /__control/restart          {"announce": boolean, "freshSeconds": number}: everything as a
 *                                      freshly started server has it, so one server serves many tests
 *   POST   /__control/announce         {"on": boolean}: toggle the toast-sync:context announcement
 *   POST   /__control/expire-sessions  end every session
 *   POST   /__control/pull            {"clientId": "..."}: a colleague's sync of that client
 *                                      (through the cache, as the sync route does); answers its syncedAt
 */

import type { NextRequest } from 'next/server';
import { parseFaults } from '@/lib/faults';
import { json } from '@/lib/http';
import { endAllSessions } from '@/lib/session';
import { restartServerState, serverState } from '@/lib/state';
import { findClient, TOAST_LOCATIONS } from '@/lib/data';
import { syncClient } from '@/lib/sync-client';

export const dynamic = 'force-dynamic';

const ROUTES: Record<string, readonly string[]> = {
  syncs: ['GET'],
  'in-flight': ['GET'],
  faults: ['POST', 'DELETE'],
  reset: ['POST'],
  restart: ['POST'],
  announce: ['POST'],
  'expire-sessions': ['POST'],
  pull: ['POST'],
};

interface Context {
  params: Promise<{ action: string }>;
}

const noContent = (): Response => new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });

async function jsonBody(request: NextRequest): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: (await request.json()) as unknown };
  } catch {
    return { ok: false, response: json(400, { error: 'Body must be JSON' }) };
  }
}

async function handle(request: NextRequest, context: Context): Promise<Response> {
  if (process.env.CRM_TEST_CONTROLS !== '1') return json(404, { error: 'Not found' });
  const { action } = await context.params;
  const methods = ROUTES[action];
  if (methods === undefined) return json(404, { error: 'Unknown control endpoint' });
  if (!methods.includes(request.method)) return json(405, { error: 'Method not allowed' }, { Allow: methods.join(', ') });

  const state = serverState();
  switch (`${request.method} ${action}`) {
    case 'GET syncs':
      return json(200, state.syncLog.list());
    case 'GET in-flight':
      return json(200, state.syncLog.inFlight());
    case 'POST faults': {
      const body = await jsonBody(request);
      if (!body.ok) return body.response;
      const parsed = parseFaults(body.value);
      if (!parsed.ok) return json(400, { error: parsed.error });
      state.faults.add(parsed.faults);
      return noContent();
    }
    case 'DELETE faults':
      state.faults.clear();
      return noContent();
    case 'POST reset':
      state.syncLog.clear();
      state.faults.clear();
      return noContent();
    case 'POST restart': {
      const body = await jsonBody(request);
      if (!body.ok) return body.response;
      const value = body.value as { announce?: unknown; freshSeconds?: unknown } | null;
      const valid =
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).sort().join() === 'announce,freshSeconds' &&
        typeof value.announce === 'boolean' &&
        typeof value.freshSeconds === 'number' &&
        Number.isFinite(value.freshSeconds) &&
        value.freshSeconds >= 0;
      if (!valid) return json(400, { error: 'Body must be {"announce": boolean, "freshSeconds": number ≥ 0}' });
      restartServerState({ announce: value.announce as boolean, freshSeconds: value.freshSeconds as number });
      return noContent();
    }
    case 'POST announce': {
      const body = await jsonBody(request);
      if (!body.ok) return body.response;
      const value = body.value as { on?: unknown } | null;
      const valid =
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).join() === 'on' &&
        typeof value.on === 'boolean';
      if (!valid) return json(400, { error: 'Body must be {"on": boolean}' });
      state.announce = value.on as boolean;
      return noContent();
    }
    case 'POST expire-sessions':
      endAllSessions();
      return noContent();
    case 'POST pull': {
      const body = await jsonBody(request);
      if (!body.ok) return body.response;
      const clientId = (body.value as { clientId?: unknown } | null)?.clientId;
      const client = typeof clientId === 'string' ? findClient(clientId) : null;
      const locationId = client === null || !client.toast ? undefined : TOAST_LOCATIONS[client.id];
      if (client === null || locationId === undefined) return json(400, { error: 'Body must be {"clientId": "<a client with Toast>"}' });
      const synced = await syncClient(state, client.id, locationId);
      return synced.kind === 'rate-limited' ? json(429, synced) : json(200, synced);
    }
    default:
      return json(404, { error: 'Unknown control endpoint' });
  }
}

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
