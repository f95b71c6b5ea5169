import { describe, expect, it } from 'vitest';
import { formatRelative } from '../../src/shared/relative-time.ts';

describe('relative times', () => {
  it('says past times in the largest whole unit, never "0 seconds"', () => {
    expect(formatRelative(-200, 'long', 'en')).toBe('1 second ago');
    expect(formatRelative(-59_999, 'long', 'en')).toBe('59 seconds ago');
    expect(formatRelative(-3 * 60_000 - 20_000, 'long', 'en')).toBe('3 minutes ago');
    expect(formatRelative(-2 * 3_600_000, 'long', 'en')).toBe('2 hours ago');
  });

  it('rounds waits up, so a countdown never shows 0 too early', () => {
    expect(formatRelative(11_200, 'long', 'en')).toBe('in 12 seconds');
    expect(formatRelative(90_000, 'long', 'en')).toBe('in 2 minutes');
  });

  it('has the narrow wording the sidebar indicator uses', () => {
    expect(formatRelative(-3 * 60_000, 'narrow', 'en')).toBe('3m ago');
    expect(formatRelative(12_000, 'narrow', 'en')).toBe('in 12s');
  });
});
