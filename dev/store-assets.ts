/**
 * `npm run store-assets`: the Chrome Web Store images, made from the real thing. Builds a
 * release build of the extension (no development key, as in store packages) into
 * dist-store-assets/ for a reference dashboard on a free local port (3300 up, or
 * STORE_ASSETS_PORT), starts that dashboard (examples/crm-dashboard and its demo data), drives
 * headless Chromium as an admin would (sign in, select Bella's Bistro, press the page's own Sync
 * Now a few times so the popup has a history, Sync Now from the popup) and writes into store/:
 *
 *   screenshot-1-popup.png         1280×800  the toolbar popup, synced, over the dashboard's Orders
 *   screenshot-2-sidebar.png       1280×800  the dashboard (Visits) with the indicator above Sign Out
 *   screenshot-3-rate-limited.png  1280×800  a 429 with Retry-After: the popup's countdown
 *   screenshot-4-options.png       1280×800  the options page
 *   promo-tile-440x280.png          440×280  the small promo tile
 *   icon-128.png                    128×128  the store icon (96×96 artwork, 16 px padding)
 *
 * Headless Chromium has no toolbar, so the popup page is opened in a tab at its natural size
 * (as Chromium sizes a popup: to its content) and placed over a dashboard screenshot where
 * Chromium shows popups: top right, under the toolbar. Every step waits for the state it
 * shows (no fixed sleeps); the browser, its temporary profile and the dashboard are gone when
 * it ends, whether it succeeded, failed or was interrupted.
 */

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { chromePath, launchBrowser, type RunningBrowser } from './chromium.ts';
import { ADMIN, BELLA, DashboardTab } from './dashboard-session.ts';
import { ensureReferenceDashboardBuilt, startReferenceDashboard, type ReferenceDashboard } from './reference-dashboard.ts';

const OUT_DIR = resolve('store');
const EXTENSION_DIR = 'dist-store-assets';
const WIDTH = 1280;
const HEIGHT = 800;
const INDICATOR_TEXT = '[data-toast-sync-indicator] .text';
/** Syncs made with the dashboard page's own Sync Now before the screenshots: a history to show. */
const PAGE_SYNCS = 5;
const RETRY_AFTER_SECONDS = 45;
const TILE_PITCH = "Keeps your CRM's Toast order sync running.";

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string): void => console.log(`[${elapsed().padStart(7)}] ${line}`);

/** Whether nothing listens on the port on either loopback address. */
async function portFree(port: number): Promise<boolean> {
  for (const host of ['127.0.0.1', '::1']) {
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT'));
      server.listen({ port, host, exclusive: true }, () => server.close(() => done(true)));
    });
    if (!free) return false;
  }
  return true;
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) if (await portFree(port)) return port;
  throw new Error(`No free port in ${from}–${from + 99}: set STORE_ASSETS_PORT`);
}

/** A dashboard page loaded, hydrated, and the extension's indicator in its sidebar. */
async function openDashboardPage(page: Page, base: string, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator(INDICATOR_TEXT).waitFor();
}

/** The popup's Sync Now, as soon as it offers a real sync (10 s after the last one). */
async function syncNowFromPopup(popup: Page): Promise<void> {
  await popup.setViewportSize({ width: 340, height: 600 });
  await waitForText(popup, '.sync-now button', /^Sync Now$/, 30_000);
  await popup.locator('.sync-now button').click();
}

async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 20_000): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await locator.innerText()).trim();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${selector} still reads "${text}", waiting for ${pattern}`);
    await page.waitForTimeout(100);
  }
}

function dataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Exactly what PNG says about its own size (IHDR). */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function write(name: string, png: Buffer, expected: { width: number; height: number }): void {
  const size = pngSize(png);
  if (size.width !== expected.width || size.height !== expected.height) {
    throw new Error(`${name} is ${size.width}×${size.height}, not ${expected.width}×${expected.height}`);
  }
  writeFileSync(join(OUT_DIR, name), png);
  log(`wrote store/${name} (${size.width}×${size.height}, ${(png.length / 1024).toFixed(0)} KB)`);
}

/** The popup page in a tab, sized as Chromium sizes a popup: to its content. */
async function popupImage(popup: Page): Promise<Buffer> {
  await popup.setViewportSize({ width: 340, height: 100 });
  const size = await popup.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  await popup.setViewportSize(size);
  await popup.mouse.move(0, size.height - 1); // no hover effect on a button
  return popup.screenshot({ animations: 'disabled', caret: 'hide' });
}

async function dashboardImage(page: Page): Promise<Buffer> {
  await page.bringToFront();
  await page.mouse.move(WIDTH - 1, HEIGHT - 1);
  return page.screenshot({ animations: 'disabled', caret: 'hide' });
}

/** The dashboard screenshot with the popup where Chromium opens it: top right, under the toolbar. */
async function composite(canvas: Page, background: Buffer, popup: Buffer): Promise<Buffer> {
  const html = `<!doctype html><html><head><style>
    html,body{margin:0;width:${WIDTH}px;height:${HEIGHT}px;overflow:hidden}
    body{background:url(${dataUrl(background)}) no-repeat 0 0}
    img{position:absolute;top:6px;right:12px;border-radius:8px;
      box-shadow:0 0 0 1px rgba(0,0,0,.08),0 4px 10px rgba(0,0,0,.14),0 14px 36px rgba(0,0,0,.18)}
  </style></head><body><img src="${dataUrl(popup)}" alt=""></body></html>`;
  await canvas.setViewportSize({ width: WIDTH, height: HEIGHT });
  await canvas.setContent(html, { waitUntil: 'load' });
  return canvas.screenshot();
}

/** The first number in a text: "Rate limited, retrying in 43 seconds" → "43". */
function firstNumber(text: string): string | undefined {
  return /\d+/.exec(text)?.[0];
}

/**
 * The popup over the dashboard, both captured in the same second: the sidebar's row and the
 * popup's headline count the same time ("43 seconds" and "43s"), read before and after.
 */
async function popupOverDashboard(canvas: Page, tab: Page, popup: Page): Promise<Buffer> {
  const readings = async (): Promise<(string | undefined)[]> => [
    firstNumber(await tab.locator(INDICATOR_TEXT).innerText()),
    firstNumber(await popup.locator('.status .headline').innerText()),
  ];
  for (let attempt = 1; ; attempt++) {
    const before = await readings();
    const background = await dashboardImage(tab);
    const front = await popupImage(popup);
    const after = await readings();
    if (new Set([...before, ...after]).size === 1) return composite(canvas, background, front);
    if (attempt === 10) {
      log(`note: the sidebar and the popup kept disagreeing (${before.join(' vs ')}); keeping the last capture`);
      return composite(canvas, background, front);
    }
  }
}

/** The small promo tile: the icon, the name and one line, on the dark of the dashboard's buttons. */
async function promoTile(canvas: Page, icon: Buffer): Promise<Buffer> {
  const html = `<!doctype html><html><head><style>
    html,body{margin:0;width:440px;height:280px;overflow:hidden}
    body{font-family:'DejaVu Sans','Liberation Sans',system-ui,sans-serif;color:#fff;
      background:radial-gradient(circle at 50% 34%,#374151 0%,#1f2937 45%,#111827 100%);
      display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center}
    img{width:128px;height:128px;margin:-6px 0 -8px}
    h1{margin:0;font-size:29px;font-weight:700;letter-spacing:-.4px}
    p{margin:10px 0 0;font-size:15px;color:#fed7aa}
  </style></head><body>
    <img src="${dataUrl(icon)}" alt="">
    <h1>Toast Sync Companion</h1>
    <p>${TILE_PITCH}</p>
  </body></html>`;
  await canvas.setViewportSize({ width: 440, height: 280 });
  await canvas.setContent(html, { waitUntil: 'load' });
  return canvas.screenshot();
}

async function main(): Promise<void> {
  const executable = chromePath();
  log(`browser: ${executable}`);
  const port = process.env.STORE_ASSETS_PORT === undefined ? await freePort(3300) : Number(process.env.STORE_ASSETS_PORT);
  const dashboardUrl = `http://localhost:${port}`;

  log(`building the extension into ${EXTENSION_DIR}/ for ${dashboardUrl}…`);
  process.env.TOAST_SYNC_OUT_DIR = EXTENSION_DIR;
  process.env.DASHBOARD_URL = dashboardUrl;
  // What the store ships: no development key. So the extension's ID here is Chromium's own for
  // this folder, not the shared development ID a company policy on this machine (one the
  // policy tests write, say) may be set for.
  process.env.TOAST_SYNC_RELEASE = '1';
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const manifestPath = join(EXTENSION_DIR, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { key?: string };
  if (manifest.key !== undefined) {
    delete manifest.key;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  await ensureReferenceDashboardBuilt();
  let dashboard: ReferenceDashboard | null = null;
  let browser: RunningBrowser | null = null;
  // The browser's temporary profile goes however the process ends: on Ctrl-C Playwright ends
  // the browser and the process itself (the dashboard's own exit hook stops the server).
  const profileDir = mkdtempSync(join(tmpdir(), 'toast-sync-store-assets-'));
  const removeProfile = (): void => rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  process.on('exit', removeProfile);
  let cleaning: Promise<void> | null = null;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      await browser?.close(true).catch(() => undefined);
      removeProfile();
      await dashboard?.close();
    })());
  const interrupted = (): void => {
    console.error('interrupted: cleaning up');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // Every sync pulls from Toast, so the popup shows orders rather than a cached answer.
    dashboard = await startReferenceDashboard({ port, freshSeconds: 0 });
    browser = await launchBrowser({ extensionDir: resolve(EXTENSION_DIR), profileDir, headless: true });
    const { context } = browser;
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    log(`Chromium headless, extension ${extensionId}`);
    const extensionPage = (path: string): string => `chrome-extension://${extensionId}/src/${path}/index.html`;

    // The admin: sign in, pick Bella's Bistro; the extension's first sync follows.
    const tab = await context.newPage();
    await tab.setViewportSize({ width: WIDTH, height: HEIGHT });
    const session = new DashboardTab(tab, dashboard.url);
    await session.signIn(ADMIN);
    await session.selectClient(BELLA.id);
    await waitForText(tab, INDICATOR_TEXT, /^Last synced/);
    log("signed in as the admin, Bella's Bistro selected, the extension's first sync done");

    // A morning's use: the admin also presses the dashboard page's own Sync Now a few times
    // (Toast Settings). The extension sees each answer and lists it in the popup's history.
    await openDashboardPage(tab, dashboard.url, '/settings/toast');
    for (let i = 0; i < PAGE_SYNCS; i++) {
      const answered = tab.waitForResponse((r) => r.url().endsWith('/api/toast/sync') && r.request().method() === 'POST');
      await tab.click('#page-sync-now');
      await answered;
      await tab.locator('#page-sync-now:enabled').waitFor();
      // Paced as a person clicks: the dashboard's Toast allows 5 order pulls a second.
      await tab.waitForTimeout(1_000);
    }
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 340, height: 600 });
    await popup.goto(extensionPage('popup'));
    await waitForText(popup, '.timeline .section-title', new RegExp(`${PAGE_SYNCS + 1} of ${PAGE_SYNCS + 1} attempts`));
    log(`the page's own Sync Now pressed ${PAGE_SYNCS} times`);

    mkdirSync(OUT_DIR, { recursive: true });
    const canvas = await context.newPage();

    // (d) The options page.
    const options = await context.newPage();
    await options.setViewportSize({ width: WIDTH, height: HEIGHT });
    await options.goto(extensionPage('options'));
    await options.locator('main.options:not([aria-busy]) input').first().waitFor();
    write('screenshot-4-options.png', await options.screenshot({ animations: 'disabled', caret: 'hide' }), {
      width: WIDTH,
      height: HEIGHT,
    });
    await options.close();

    // (a) Sync Now from the popup, once it offers a real sync again (10 s after the last one):
    // the popup, synced, over the dashboard's Orders.
    await syncNowFromPopup(popup);
    const synced = PAGE_SYNCS + 2;
    await waitForText(popup, '.timeline .section-title', new RegExp(`${synced} of ${synced} attempts`));
    await waitForText(popup, '.status .headline', /^Last synced/);
    await waitForText(popup, '.facts', /\d+ orders? · HTTP 200/);
    await openDashboardPage(tab, dashboard.url, '/orders');
    await waitForText(tab, INDICATOR_TEXT, /^Last synced/);
    write('screenshot-1-popup.png', await popupOverDashboard(canvas, tab, popup), { width: WIDTH, height: HEIGHT });

    // (b) The dashboard itself, Visits: the indicator above Sign Out.
    await openDashboardPage(tab, dashboard.url, '/visits');
    await waitForText(tab, INDICATOR_TEXT, /^Last synced/);
    write('screenshot-2-sidebar.png', await dashboardImage(tab), { width: WIDTH, height: HEIGHT });

    // (c) Toast rate-limits: the next sync answers 429 with Retry-After.
    await dashboard.script({ kind: 'rate-limit', retryAfter: RETRY_AFTER_SECONDS });
    await openDashboardPage(tab, dashboard.url, '/orders');
    await syncNowFromPopup(popup);
    await waitForText(popup, '.status .headline', /^Rate limited, retrying in \d+ seconds$/);
    await waitForText(tab, INDICATOR_TEXT, /^Rate limited, retrying in/);
    write('screenshot-3-rate-limited.png', await popupOverDashboard(canvas, tab, popup), { width: WIDTH, height: HEIGHT });

    // The promo tile and the store icon.
    const icon = readFileSync('public/icons/icon-128.png');
    write('promo-tile-440x280.png', await promoTile(canvas, icon), { width: 440, height: 280 });
    copyFileSync('public/icons/icon-128.png', join(OUT_DIR, 'icon-128.png'));
    log('wrote store/icon-128.png (128×128, a copy of public/icons/icon-128.png)');
  } finally {
    await cleanUp();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    process.off('exit', removeProfile);
  }
  log('done: browser closed, dashboard stopped, profile removed');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
