import { defineConfig } from 'vitest/config';
import { buildDefines } from './build-config.ts';

// End-to-end tests share one dashboard port and a real browser each: one file at a time.
export default defineConfig({
  define: buildDefines(),
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
