import { defineConfig } from 'vitest/config';
import { buildDefines } from './build-config.ts';

// The end-to-end tests in Firefox ESR (puppeteer-core over WebDriver BiDi): one lane of their own
// (dev/e2e-lanes.ts), one file at a time, beside the Chromium lanes.
export default defineConfig({
  define: buildDefines(),
  test: {
    include: ['tests/firefox/**/*.e2e.ts'],
    globalSetup: ['tests/firefox/global-setup.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/e2e-firefox.json' }]],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
