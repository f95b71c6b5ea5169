/**
 * Outside Vite, the build-time constants (`__SYNC_TIMEOUT_MS__`, …) come from the same
 * build-config.ts as the shipped build. Imported first, before any module that reads them.
 */
import { buildDefines } from '../build-config.ts';

for (const [name, value] of Object.entries(buildDefines())) {
  (globalThis as Record<string, unknown>)[name] = JSON.parse(value) as unknown;
}
