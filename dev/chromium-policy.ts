/**
 * Company policy for a Chromium-family browser on Linux, as IT would deploy it: a JSON file in
 * the browser's managed-policy folder, read at start and re-read when it changes (Chromium 156
 * here: a change reached the extension 1.9–5.0 s after the write, as Chromium lets a changed
 * file settle first). Used by the end-to-end tests, which remove what they write.
 */

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Files this project writes are named so; anything so named is ours to remove. */
const PREFIX = 'toast-sync-test-';

/** Where a browser binary reads managed policy on Linux. */
export function policyDirFor(browserPath: string): string {
  const name = basename(browserPath).toLowerCase();
  if (name.includes('chromium')) return '/etc/chromium/policies/managed';
  if (name.includes('chrome')) return '/etc/opt/chrome/policies/managed';
  if (name.includes('edge')) return '/etc/opt/edge/policies/managed';
  if (name.includes('brave')) return '/etc/brave/policies/managed';
  throw new Error(`Do not know where ${browserPath} reads company policy`);
}

export interface PolicyWriter {
  /** Sets this extension's policy (`3rdparty`), replacing what this writer set before. */
  set(values: Record<string, unknown>): void;
  remove(): void;
}

export function policyWriter(dir: string, extensionId: string): PolicyWriter {
  const file = join(dir, `${PREFIX}${process.pid}.json`);
  return {
    set(values) {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: values } } }, null, 2));
      } catch (error) {
        throw new Error(
          `Cannot write company policy to ${dir} (${error instanceof Error ? error.message : String(error)}). ` +
            'The policy tests need it writable: run them as root, or once: sudo install -d -o "$USER" ' +
            dir,
          { cause: error },
        );
      }
    },
    remove() {
      rmSync(file, { force: true });
    },
  };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes policy files left by runs that ended without removing them (a live run keeps its own). */
export function removeStalePolicies(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = Number(/^toast-sync-test-(\d+)\.json$/.exec(name)?.[1]);
    if (name.startsWith(PREFIX) && !(Number.isInteger(pid) && running(pid))) rmSync(join(dir, name), { force: true });
  }
}
