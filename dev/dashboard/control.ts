/**
 * /__control/*: the test-only remote control (no auth, JSON), the same operations as the
 * in-process Dashboard object so a test in another process, or the demo, can drive it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson, readBody, sendEmpty, sendJson } from './http.ts';
import type { Dashboard } from './types.ts';
import { parseFaults } from './faults.ts';

type Controls = Pick<Dashboard, 'syncs' | 'script' | 'clearFaults' | 'reset' | 'setAnnounce' | 'expireSessions'>;

const ROUTES: Record<string, readonly string[]> = {
  '/__control/syncs': ['GET'],
  '/__control/faults': ['POST', 'DELETE'],
  '/__control/reset': ['POST'],
  '/__control/announce': ['POST'],
  '/__control/expire-sessions': ['POST'],
};

async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too-large') sendJson(res, 413, { error: 'Request body too large' });
    return { ok: false };
  }
  const parsed = parseJson(body.text);
  if (!parsed.ok) sendJson(res, 400, { error: 'Body must be JSON' });
  return parsed;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, controls: Controls): Promise<void> {
  const methods = ROUTES[path];
  if (methods === undefined) {
    sendJson(res, 404, { error: 'Unknown control endpoint' });
    return;
  }
  const method = req.method ?? 'GET';
  if (!methods.includes(method)) {
    sendJson(res, 405, { error: 'Method not allowed' }, { Allow: methods.join(', ') });
    return;
  }

  switch (`${method} ${path}`) {
    case 'GET /__control/syncs':
      sendJson(res, 200, controls.syncs());
      return;
    case 'POST /__control/faults': {
      const body = await jsonBody(req, res);
      if (!body.ok) return;
      const parsed = parseFaults(body.value);
      if (!parsed.ok) {
        sendJson(res, 400, { error: parsed.error });
        return;
      }
      controls.script(parsed.faults);
      sendEmpty(res, 204);
      return;
    }
    case 'DELETE /__control/faults':
      controls.clearFaults();
      sendEmpty(res, 204);
      return;
    case 'POST /__control/reset':
      controls.reset();
      sendEmpty(res, 204);
      return;
    case 'POST /__control/announce': {
      const body = await jsonBody(req, res);
      if (!body.ok) return;
      const value = body.value as { on?: unknown } | null;
      const valid =
        typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).join() === 'on' && typeof value.on === 'boolean';
      if (!valid) {
        sendJson(res, 400, { error: 'Body must be {"on": boolean}' });
        return;
      }
      controls.setAnnounce(value.on as boolean);
      sendEmpty(res, 204);
      return;
    }
    case 'POST /__control/expire-sessions':
      controls.expireSessions();
      sendEmpty(res, 204);
      return;
  }
}
