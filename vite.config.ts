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

/**
 * CRXJS builds a `?script&iife` import twice: once as the self-contained IIFE the worker
 * registers (src/content/*.js, from a Vite build of its own), and once more as an ES chunk of
 * the main build in assets/, because its resolveId emits every `?script` target as a chunk and
 * deliberately leaves it there. Nothing loads that chunk (about 4.5 KB gzipped with the
 * hydration-event chunk only it imported), and it shaped how the popup's shared code was split.
 * So the main build sees those entries as empty modules, and their empty chunks are dropped.
 * The IIFE build runs without this config's plugins, so the registered files are untouched.
 */
function withoutIifeShadowChunks(): Plugin {
  const iifeEntries = new Set<string>();
  return {
    name: 'toast-sync:no-iife-shadow-chunks',
    apply: 'build',
    // Ahead of crx() in the list: its resolveId answers these imports, so this one must see them first.
    enforce: 'pre',
    async resolveId(source, importer) {
      if (importer === undefined || !new URL(source, 'stub://stub').searchParams.has('iife')) return null;
      const resolved = await this.resolve(source.split('?')[0] ?? source, importer, { skipSelf: true });
      if (resolved !== null) iifeEntries.add(resolved.id);
      return null;
    },
    load(id) {
      return iifeEntries.has(id) ? 'export {};' : null;
    },
    generateBundle(_options, bundle) {
      for (const id of iifeEntries) {
        const info = this.getModuleInfo(id);
        const users = [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])];
        // An ordinary import of the same file would get the empty stand-in: refuse rather than ship that.
        if (users.length > 0) this.error(`${id} is built as an IIFE and must not also be imported by ${users.join(', ')}`);
      }
      for (const [fileName, file] of Object.entries(bundle)) {
        if (file.type === 'chunk' && file.facadeModuleId !== null && iifeEntries.has(file.facadeModuleId)) delete bundle[fileName];
      }
    },
  };
}

export default defineConfig({
  plugins: [withoutIifeShadowChunks(), react(), crx({ manifest, browser: targetBrowser() }), withoutWebAccessibleScripts()],
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
