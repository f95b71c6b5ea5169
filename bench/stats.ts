/** Nearest-rank percentile; missing values (NaN) count as never (Infinity). */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Array.from(values, (v) => (Number.isNaN(v) ? Infinity : v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
