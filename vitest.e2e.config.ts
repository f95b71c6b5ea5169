import { defineConfig } from 'vitest/config';
import { buildDefines } from './build-config.ts';
import { chromiumLaneCount } from './dev/e2e-lanes.ts';

const shared = {
  environment: 'node' as const,
  globalSetup: 'tests/e2e/global-setup.ts',
  testTimeout: 90_000,
  hookTimeout: 60_000,
};

/**
 * The Chromium end-to-end tests, a file per lane at a time (dev/e2e-lanes.ts: each lane has its
 * own dashboard port and build). The company-policy file is the exception: Chromium reads a
 * policy file for every running browser, so it runs after the others, alone.
 */
export default defineConfig({
  define: buildDefines(),
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/e2e-chromium.json' }]],
    projects: [
      {
        define: buildDefines(),
        test: {
          ...shared,
          name: 'chromium',
          include: ['tests/e2e/**/*.e2e.ts'],
          exclude: ['tests/e2e/policy.e2e.ts'],
          maxWorkers: chromiumLaneCount(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        define: buildDefines(),
        test: { ...shared, name: 'chromium-policy', include: ['tests/e2e/policy.e2e.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
