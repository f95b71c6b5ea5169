import { defineConfig } from 'vitest/config';
import { buildDefines } from './build-config.ts';

// The end-to-end tests in Firefox ESR (puppeteer-core over WebDriver BiDi): one dashboard port
// and one real Firefox per test, so one file at a time, as in vitest.e2e.config.ts.
export default defineConfig({
  define: buildDefines(),
  test: {
    include: ['tests/firefox/**/*.e2e.ts'],
    globalSetup: ['tests/firefox/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
