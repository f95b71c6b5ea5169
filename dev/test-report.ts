/**
 * The per-file table `npm test` prints after the end-to-end suites, from Vitest's JSON reports
 * (the `json` reporter in vitest.e2e.config.ts and vitest.firefox.config.ts).
 */

import { relative } from 'node:path';

/** The part of Vitest's JSON report read here. */
export interface E2eReport {
  testResults: { name: string; status: string; startTime: number; endTime: number; assertionResults: unknown[] }[];
}

export function e2eFileTable(reports: E2eReport[], root: string): string {
  const rows = reports
    .flatMap((report) => report.testResults)
    .map((file) => ({ seconds: (file.endTime - file.startTime) / 1000, tests: file.assertionResults.length, ...file }))
    .sort((a, b) => b.seconds - a.seconds);
  const lines = rows.map(
    (row) =>
      `  ${row.seconds.toFixed(1).padStart(7)} s  ${String(row.tests).padStart(2)} tests  ${row.status === 'passed' ? '  ' : '✗ '}${relative(root, row.name)}`,
  );
  const sum = rows.reduce((total, row) => total + row.seconds, 0);
  lines.push(`  ${sum.toFixed(1).padStart(7)} s  summed over ${rows.length} files (they run in lanes, side by side)`);
  return lines.join('\n');
}
