/** Relative times in words, through `Intl.RelativeTimeFormat` ("2 minutes ago", "in 12 seconds"). */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

function formatter(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'long' });
    formatters.set(key, f);
  }
  return f;
}

/** `deltaMs` < 0 is the past. Rounded toward the larger whole unit; never "0 seconds". */
export function formatRelative(deltaMs: number, locale?: string): string {
  const abs = Math.abs(deltaMs);
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? ['second', 1_000];
  // Past times round down ("59 s ago" stays seconds); waits round up so a countdown never shows 0 early.
  const whole = Math.max(1, deltaMs < 0 ? Math.floor(abs / size) : Math.ceil(abs / size));
  return formatter(locale).format(deltaMs < 0 ? -whole : whole, unit);
}
