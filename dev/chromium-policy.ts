/**
 * Company policy for a Chromium-family browser on Linux, as IT would deploy it: a JSON file in
 * the browser's managed-policy folder, read at start and re-read when it changes (Chromium
 * 156 picked a change up within about 3 s here). Used by the end-to-end tests, which remove
 * what they write.
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
            'The policy tests need it writable: run them as root, or once: sudo install -d -o "$USER" ' + dir,
          { cause: error },
        );
      }
    },
    remove() {
      rmSync(file, { force: true });
    },
  };
}

/** Removes policy files an interrupted earlier run left behind. */
export function removeStalePolicies(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.startsWith(PREFIX)) rmSync(join(dir, name), { force: true });
}
