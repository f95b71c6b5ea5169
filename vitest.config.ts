import { defineConfig } from 'vitest/config';
import { buildDefines } from './build-config.ts';

export default defineConfig({
  define: buildDefines(),
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup.ts'],
  },
});
