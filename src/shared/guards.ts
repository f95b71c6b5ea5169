/**
 * Small typed guards for data from storage, messages and pages. Hand-written rather than a
 * schema library because the content script has an 8 KB (gzipped) budget, polyfill included:
 * valibot alone cost 1.6 KB of it (measured with esbuild --minify + gzip, 2026-11-24).
 */

export type Guard<T> = (value: unknown) => value is T;
export type Guarded<G> = G extends Guard<infer T> ? T : never;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';

export function isText(min: number, max: number): Guard<string> {
  return (value): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
}

export function isInteger(min: number, max = Number.MAX_SAFE_INTEGER): Guard<number> {
  return (value): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

export function isNumber(min: number): Guard<number> {
  return (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min;
}

export const isTime: Guard<string> = (value): value is string =>
  typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));

export function isOneOf<const T extends readonly string[]>(options: T): Guard<T[number]> {
  return (value): value is T[number] => typeof value === 'string' && options.includes(value);
}

export function isNullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

/** Every listed key passes its guard; with `exact`, no other key is present. */
export function isShape<S extends Record<string, Guard<unknown>>>(shape: S, exact = false): Guard<{ [K in keyof S]: Guarded<S[K]> }> {
  return (value): value is { [K in keyof S]: Guarded<S[K]> } =>
    isRecord(value) &&
    (!exact || Object.keys(value).every((key) => key in shape)) &&
    Object.keys(shape).every((key) => shape[key]?.(value[key]) === true);
}

/** The value if it passes, else the fallback: each field of a record falls back on its own. */
export function pick<T>(guard: Guard<T>, value: unknown, fallback: T): T {
  return guard(value) ? value : fallback;
}
