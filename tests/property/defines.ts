/**
 * Outside Vite (tsx dev/fuzz.ts) the build-time constants come from build-config.ts, exactly
 * as in the shipped build. Import this first, before any module that reads them. Under Vitest
 * the `define`s of vitest.config.ts already replaced them; setting the globals is harmless.
 */
import { buildDefines } from '../../build-config.ts';

for (const [name, value] of Object.entries(buildDefines())) {
  (globalThis as Record<string, unknown>)[name] = JSON.parse(value) as unknown;
}
