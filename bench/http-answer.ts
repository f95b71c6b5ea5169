/**
 * A dashboard answer as the engine's `HttpAnswer` (src/background/classify.ts): a plain
 * object instead of `new Response(...)`, whose body stream took extra macrotasks to read.
 * Here `text()` is an already-resolved promise, so a whole sync settles in microtasks.
 */

import type { HttpAnswer } from '../src/background/classify.ts';
import type { DashboardAnswer } from './dashboard.ts';

export function toHttpAnswer(answer: DashboardAnswer): HttpAnswer {
  return {
    status: answer.status,
    statusText: answer.statusText,
    type: 'basic',
    redirected: false,
    // Header names are case-insensitive; the dashboard keeps them lower-case.
    headers: { get: (name) => answer.headers.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(answer.body),
  };
}
