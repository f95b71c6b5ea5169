/// <reference types="@crxjs/vite-plugin/client" />
/** Injected by Vite `define` (vite.config.ts, vitest.config.ts). */
declare const __DASHBOARD_URL__: string;
declare const __MIN_INTERVAL_SECONDS__: number;
declare const __SYNC_TIMEOUT_MS__: number;
declare const __TARGET_BROWSER__: 'chrome' | 'firefox';
