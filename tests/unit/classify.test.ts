import { describe, expect, it } from 'vitest';
import { classifyAnswer } from '../../src/background/classify.ts';
import { jsonAnswer, opaqueRedirect, textAnswer } from './harness.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('classifying the sync answer', () => {
  it('2xx with JSON is a success, with ordersSynced and syncedAt when present', async () => {
    const { outcome } = await classifyAnswer(jsonAnswer(200, { ordersSynced: 12, syncedAt: '2026-11-24T11:59:58Z' }), NOW);
    expect(outcome).toEqual({
      kind: 'success',
      httpStatus: 200,
      ordersSynced: 12,
      syncedAt: '2026-11-24T11:59:58.000Z',
      ageMs: NOW - Date.parse('2026-11-24T11:59:58Z'),
    });
  });

  it('ignores success fields of the wrong type', async () => {
    const { outcome } = await classifyAnswer(jsonAnswer(201, { ordersSynced: '12', syncedAt: 'yesterday' }), NOW);
    expect(outcome).toEqual({ kind: 'success', httpStatus: 201, ordersSynced: null, syncedAt: null, ageMs: 0 });
  });

  it("a cached sync: its age is read on the server's clock (Date) when it sends one, else on ours; never negative", async () => {
    const cached = { ok: true, syncedAt: '2026-11-24T11:59:30Z' };
    // The browser's clock runs 5 minutes fast: the server's Date still says the copy is 25 s old.
    const skewed = await classifyAnswer(
      jsonAnswer(200, cached, { Date: 'Mon, 24 Nov 2026 11:59:55 GMT' }),
      Date.parse('2026-11-24T12:04:55Z'),
    );
    expect(skewed.outcome).toMatchObject({ kind: 'success', syncedAt: '2026-11-24T11:59:30.000Z', ageMs: 25_000 });
    const noDate = await classifyAnswer(jsonAnswer(200, cached), Date.parse('2026-11-24T12:00:00Z'));
    expect(noDate.outcome).toMatchObject({ ageMs: 30_000 });
    const badDate = await classifyAnswer(jsonAnswer(200, cached, { Date: 'soon' }), Date.parse('2026-11-24T12:00:00Z'));
    expect(badDate.outcome).toMatchObject({ ageMs: 30_000 });
    // Date has whole seconds: a sync made this instant may look a little "ahead" of it.
    const fresh = await classifyAnswer(
      jsonAnswer(200, { syncedAt: '2026-11-24T12:00:00.700Z' }, { Date: 'Mon, 24 Nov 2026 12:00:00 GMT' }),
      Date.parse('2026-11-24T12:00:00.800Z'),
    );
    expect(fresh.outcome).toMatchObject({ ageMs: 0 });
    const absurd = await classifyAnswer(jsonAnswer(200, { syncedAt: '+275760-09-13T00:00:00.000Z' }), NOW);
    expect(absurd.outcome).toMatchObject({ ageMs: 0 });
  });

  it('a redirect (opaque, with redirect: manual) is signed-out, not a success', async () => {
    expect((await classifyAnswer(opaqueRedirect(), NOW)).outcome.kind).toBe('signed-out');
    expect((await classifyAnswer(textAnswer(302, ''), NOW)).outcome.kind).toBe('signed-out');
  });

  it('a followed redirect that landed on a 200 page is signed-out', async () => {
    const landed = {
      status: 200,
      type: 'basic',
      redirected: true,
      headers: new Headers({ 'Content-Type': 'application/json' }),
      text: () => Promise.resolve('{}'),
    };
    expect((await classifyAnswer(landed, NOW)).outcome.kind).toBe('signed-out');
  });

  it('a login page served with 200 is signed-out', async () => {
    const { outcome } = await classifyAnswer(textAnswer(200, '<html><form action="/login">Sign in</form></html>'), NOW);
    expect(outcome.kind).toBe('signed-out');
  });

  it('401 is signed-out', async () => {
    const { outcome } = await classifyAnswer(jsonAnswer(401, { error: 'Unauthorized' }), NOW);
    expect(outcome).toMatchObject({ kind: 'signed-out', httpStatus: 401 });
  });

  it('403 is forbidden, naming the server reason', async () => {
    const { outcome } = await classifyAnswer(jsonAnswer(403, { error: 'Admins only.' }), NOW);
    expect(outcome.kind).toBe('forbidden');
    expect(outcome.kind === 'forbidden' && outcome.message).toContain('Admins only');
  });

  it('429 carries the server wait from Retry-After or X-Toast-RateLimit-Reset, else null', async () => {
    const a = await classifyAnswer(jsonAnswer(429, {}, { 'Retry-After': '7' }), NOW);
    expect(a.outcome).toMatchObject({ kind: 'rate-limited', serverDelayMs: 7000 });
    const b = await classifyAnswer(jsonAnswer(429, {}, { 'X-Toast-RateLimit-Reset': String(NOW / 1000 + 3) }), NOW);
    expect(b.outcome).toMatchObject({ kind: 'rate-limited', serverDelayMs: 3000 });
    const c = await classifyAnswer(textAnswer(429, 'Too Many Requests', 'text/plain'), NOW);
    expect(c.outcome).toMatchObject({ kind: 'rate-limited', serverDelayMs: null });
  });

  it('5xx with an HTML body is an error whose message holds no HTML', async () => {
    const answer = new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
      status: 502,
      statusText: 'Bad Gateway',
      headers: { 'Content-Type': 'text/html' },
    });
    const { outcome } = await classifyAnswer(answer, NOW);
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toBe('The dashboard had a problem (HTTP 502 Bad Gateway). Retrying.');
  });

  it('5xx with a JSON error names it, flattened to one short line', async () => {
    const { outcome } = await classifyAnswer(jsonAnswer(500, { error: `Toast\nupstream\u0000 failed ${'x'.repeat(400)}` }), NOW);
    const message = outcome.kind === 'error' ? outcome.message : '';
    expect(message).toContain('Toast upstream failed');
    expect(message.includes('\n') || message.includes('\u0000')).toBe(false);
    expect(message.length).toBeLessThan(300);
  });

  it('malformed JSON is an error, not a success and not signed-out', async () => {
    const { outcome } = await classifyAnswer(textAnswer(200, '{"ordersSynced": 3', 'application/json'), NOW);
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toContain('malformed');
  });

  it('404 (no integration) is an error with a human message', async () => {
    const { outcome } = await classifyAnswer(jsonAnswer(404, { error: 'No Toast integration for this client' }), NOW);
    expect(outcome).toMatchObject({ kind: 'error', httpStatus: 404 });
    expect(outcome.kind === 'error' && outcome.message).toBe('Sync failed (404): No Toast integration for this client.');
  });

  it('reads X-Poll-Interval from any answer', async () => {
    expect((await classifyAnswer(jsonAnswer(200, {}, { 'X-Poll-Interval': '120' }), NOW)).pollIntervalSeconds).toBe(120);
    expect((await classifyAnswer(jsonAnswer(500, {}, { 'X-Poll-Interval': '300' }), NOW)).pollIntervalSeconds).toBe(300);
    expect((await classifyAnswer(jsonAnswer(200, {}), NOW)).pollIntervalSeconds).toBeNull();
  });
});
