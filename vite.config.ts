import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';
import { buildDefines } from './build-config.ts';

export default defineConfig({
  plugins: [react(), crx({ manifest })],
  define: buildDefines(),
  build: {
    outDir: process.env.TOAST_SYNC_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    target: 'chrome120',
  },
});
