/**
 * Relative times in words, through `Intl.RelativeTimeFormat`: long ("2 minutes ago", popup and
 * tooltip) or narrow ("2m ago", "in 12s", short enough for the sidebar indicator's one row).
 */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

export type RelativeStyle = 'long' | 'narrow';

function formatter(locale: string | undefined, style: RelativeStyle): Intl.RelativeTimeFormat {
  const key = `${locale ?? ''}|${style}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style });
    formatters.set(key, f);
  }
  return f;
}

/** `deltaMs` < 0 is the past. Rounded toward the larger whole unit; never "0 seconds". */
export function formatRelative(deltaMs: number, style: RelativeStyle = 'long', locale?: string): string {
  const abs = Math.abs(deltaMs);
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? ['second', 1_000];
  // Past times round down ("59 s ago" stays seconds); waits round up so a countdown never shows 0 early.
  const whole = Math.max(1, deltaMs < 0 ? Math.floor(abs / size) : Math.ceil(abs / size));
  return formatter(locale, style).format(deltaMs < 0 ? -whole : whole, unit);
}
