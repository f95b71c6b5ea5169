import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeInReverse } from '../e2e/close-in-reverse.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('e2e teardown (closeInReverse)', () => {
  it('closes the last started first, and every one even when an earlier close fails', async () => {
    const order: string[] = [];
    const closing = closeInReverse([
      () => (order.push('dashboard'), Promise.resolve()),
      () => (order.push('browser'), Promise.reject(new Error('browser would not close'))),
      () => (order.push('second dashboard'), Promise.resolve()),
    ]);
    await expect(closing).rejects.toThrow('browser would not close');
    expect(order).toEqual(['second dashboard', 'browser', 'dashboard']);
  });

  it('a close that never finishes fails after its limit, and the others still run', async () => {
    const closed: string[] = [];
    const closing = closeInReverse([() => (closed.push('dashboard'), Promise.resolve()), () => new Promise<void>(() => undefined)], 30_000);
    const outcome = closing.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await vi.advanceTimersByTimeAsync(29_999);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBe('a close did not finish within 30000 ms');
    expect(closed).toEqual(['dashboard']);
  });

  it('nothing failed: resolves', async () => {
    await expect(closeInReverse([() => Promise.resolve()])).resolves.toBeUndefined();
  });
});
