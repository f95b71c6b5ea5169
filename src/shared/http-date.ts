/**
 * HTTP-date (RFC 9110 §5.6.7) in its three forms, always in GMT:
 *   IMF-fixdate   Sun, 06 Nov 1994 08:49:37 GMT
 *   RFC 850       Sunday, 06-Nov-94 08:49:37 GMT
 *   asctime       Sun Nov  6 08:49:37 1994
 * `Date.parse` is no substitute: it reads "wait 10" or "Retry in 5" as dates in 2001 and the
 * asctime form in local time. Anything else is `null`. Pure.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`, 'i');

function utc(year: number, month: string, day: number, h: string, m: string, s: string): number | null {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const [hour, minute, second] = [Number(h), Number(m), Number(s)];
  if (hour > 23 || minute > 59 || second > 60 || day < 1) return null;
  const at = Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59));
  // Reject a day the month does not have (Feb 30 would roll over into March).
  return new Date(at).getUTCDate() === day ? at : null;
}

/** RFC 850's two-digit year: the most recent year with those digits that is not over 50 years ahead. */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + twoDigits;
  if (year > current + 50) year -= 100;
  return year;
}

export function parseHttpDate(text: string, now: number): number | null {
  let m = IMF_FIXDATE.exec(text);
  if (m !== null) return utc(Number(m[3]), m[2] ?? '', Number(m[1]), m[4] ?? '', m[5] ?? '', m[6] ?? '');
  m = RFC_850.exec(text);
  if (m !== null) return utc(fullYear(Number(m[3]), now), m[2] ?? '', Number(m[1]), m[4] ?? '', m[5] ?? '', m[6] ?? '');
  m = ASCTIME.exec(text);
  if (m !== null) return utc(Number(m[6]), m[1] ?? '', Number((m[2] ?? '').trim()), m[3] ?? '', m[4] ?? '', m[5] ?? '');
  return null;
}
