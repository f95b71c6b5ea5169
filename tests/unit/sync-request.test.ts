import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestSync, type SyncRequestPorts } from '../../src/background/sync-request.ts';
import type { HttpAnswer } from '../../src/background/classify.ts';
import { jsonAnswer, startClock } from './harness.ts';

function ports(fetch: (url: string, init: RequestInit) => Promise<HttpAnswer>): SyncRequestPorts {
  return {
    fetch,
    now: () => Date.now(),
    timers: { set: (f, ms) => setTimeout(f, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the sync request', () => {
  it('POSTs {clientId} as JSON with cookies included and redirects not followed', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    await requestSync(
      ports((url, init) => {
        seen.push({ url, init });
        return Promise.resolve(jsonAnswer(200, {}));
      }),
      'http://localhost:3000',
      'c1',
    );
    expect(seen).toHaveLength(1);
    const [{ url, init }] = seen as [{ url: string; init: RequestInit }];
    expect(url).toBe('http://localhost:3000/api/toast/sync');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('include');
    expect(init.redirect).toBe('manual');
    expect(JSON.parse(init.body as string)).toEqual({ clientId: 'c1' });
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });

  it('aborts at 25 s and reports a timeout', async () => {
    startClock();
    let aborted = false;
    const pending = requestSync(
      ports(
        (_url, init) =>
          new Promise((_, reject) => {
            init.signal?.addEventListener('abort', () => {
              aborted = true;
              reject(new DOMException('aborted', 'AbortError'));
            });
          }),
      ),
      'http://localhost:3000',
      'c1',
    );
    await vi.advanceTimersByTimeAsync(24_999);
    expect(aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(aborted).toBe(true);
    expect(result.outcome).toEqual({
      kind: 'error',
      httpStatus: null,
      message: 'The dashboard did not answer within 25 s. Retrying.',
    });
    expect(result.durationMs).toBe(25_000);
  });

  it('reports a network failure as an error naming the dashboard', async () => {
    const result = await requestSync(
      ports(() => Promise.reject(new TypeError('Failed to fetch'))),
      'http://localhost:3000',
      'c1',
    );
    expect(result.outcome).toEqual({
      kind: 'error',
      httpStatus: null,
      message: 'Could not reach the dashboard at http://localhost:3000. Retrying.',
    });
  });
});
