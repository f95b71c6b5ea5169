/**
 * The Firefox build as addons.mozilla.org's validator sees it (web-ext lint): no errors, and no
 * warnings about our own code. React's chunk keeps the two innerHTML warnings the validator
 * raises for every React app (react-dom's own rendering paths, never given our or the server's
 * text); vite.config.ts keeps React in that chunk of its own so the two can be told apart.
 */

import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIBRARY_FILE = /^assets\/react-[\w-]+\.js$/;

/** One line of counts, and each problem (an error, or a warning outside React's chunk). */
export function lintFirefoxBuild(dir: string): { summary: string; problems: string[] } {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', dir, '--output', 'json', '--no-input'], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  let report: LintReport;
  try {
    report = JSON.parse(run.stdout) as LintReport;
  } catch {
    return {
      summary: 'web-ext lint gave no report',
      problems: [`web-ext lint exited ${run.status}: ${run.stderr.trim() || run.stdout.slice(0, 500)}`],
    };
  }
  const ours = report.warnings.filter((w) => w.file === undefined || !LIBRARY_FILE.test(w.file));
  return {
    summary:
      `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings ` +
      `(${report.warnings.length - ours.length} in React's chunk), ${report.notices.length} notices`,
    problems: [...report.errors, ...ours].map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`),
  };
}
