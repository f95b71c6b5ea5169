/**
 * The Firefox e2e build (npm run build:e2e:firefox) and the port it talks to. Separate variables
 * from the Chromium suite's dist, so both suites can run side by side on different ports. Kept
 * out of world.ts: the global setup reads them, and it runs where Vitest's `test` cannot load.
 */
export const FIREFOX_PORT = Number(process.env.TOAST_SYNC_E2E_PORT ?? 3100);
export const FIREFOX_DIST = process.env.TOAST_SYNC_E2E_FIREFOX_DIST ?? 'dist-e2e-firefox';
