import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';
import { buildDefines, defaultOutDir, targetBrowser } from './build-config.ts';

/**
 * CRXJS lists `?script&iife` files as web-accessible to every site. A script injected through
 * `scripting.registerContentScripts` needs no such entry, and one would let any page detect
 * the extension by fetching it; drop it.
 */
function withoutWebAccessibleScripts(): Plugin {
  return {
    name: 'toast-sync:no-web-accessible-scripts',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const asset = bundle['manifest.json'];
        if (asset?.type !== 'asset') return;
        const manifest = JSON.parse(String(asset.source)) as { web_accessible_resources?: { resources: string[] }[] };
        const kept = (manifest.web_accessible_resources ?? []).filter(
          (entry) => !entry.resources.every((r) => r.startsWith('src/content/')),
        );
        if (kept.length === 0) delete manifest.web_accessible_resources;
        else manifest.web_accessible_resources = kept;
        asset.source = `${JSON.stringify(manifest, null, 2)}\n`;
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), crx({ manifest, browser: targetBrowser() }), withoutWebAccessibleScripts()],
  define: buildDefines(),
  build: {
    outDir: process.env.TOAST_SYNC_OUT_DIR ?? defaultOutDir(),
    emptyOutDir: true,
    target: targetBrowser() === 'firefox' ? 'firefox140' : 'chrome120',
    rollupOptions: {
      output: {
        // React in a file of its own, so a reviewer (and web-ext lint's innerHTML warnings,
        // which are React's) can tell library code from ours.
        manualChunks: (id) => (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id) ? 'react' : undefined),
      },
    },
  },
});
