/**
 * Launches an installed Chromium-family browser (Debian's Chromium here) with the built
 * extension, or without it so tests can install it into the running browser later, and gives
 * tests a handle on its service worker. The flags keep it quiet on a closed network.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { findBrowser } from './browser-path.ts';

const INSTALL_HINT =
  'Install one: on Debian or Ubuntu `sudo apt-get install -y chromium`; elsewhere Google Chrome, Chromium, ' +
  'Microsoft Edge or Brave; or set CHROME_PATH to the browser binary.';

/** The browser to drive; throws with what was looked for and how to get one. */
export function chromePath(): string {
  const found = findBrowser({ platform: process.platform, env: process.env, exists: existsSync });
  if (found.path !== null) return found.path;
  throw new Error(`No Chrome, Chromium, Edge or Brave found (looked at ${found.looked.join(', ')}). ${INSTALL_HINT}`);
}

export function chromiumArgs(extensionDir?: string): string[] {
  return [
    ...(extensionDir === undefined ? [] : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]),
    // Lets tests install the extension into a running browser (CDP Extensions.loadUnpacked),
    // as an admin installs it while dashboard tabs are open.
    '--enable-unsafe-extension-debugging',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export interface InstalledExtension {
  worker: Worker;
  extensionId: string;
}

export interface LaunchedBrowser extends InstalledExtension {
  context: BrowserContext;
  profileDir: string;
  /** Closes the browser; the profile stays for a restart unless `removeProfile`. */
  close(removeProfile?: boolean): Promise<void>;
}

export interface RunningBrowser {
  context: BrowserContext;
  profileDir: string;
  close(removeProfile?: boolean): Promise<void>;
}

/** Chromium without the extension (it can be installed later with `installExtension`). */
export async function launchBrowser(
  options: { extensionDir?: string; profileDir?: string; headless?: boolean } = {},
): Promise<RunningBrowser> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'toast-sync-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromePath(),
    headless: options.headless ?? true,
    args: chromiumArgs(options.extensionDir),
    // Playwright turns extensions off unless told otherwise.
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1100, height: 720 },
  });
  return {
    context,
    profileDir,
    async close(removeProfile = false) {
      await context.close();
      if (removeProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

function builtDir(dir: string): string {
  const extensionDir = resolve(dir);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run the build first.`);
  }
  return extensionDir;
}

/** The extension's service worker (any extension's without an ID); a new one after a reload, an update or re-enabling. */
export async function extensionWorker(context: BrowserContext, extensionId?: string): Promise<Worker> {
  const mine = (w: Worker): boolean => extensionId === undefined || new URL(w.url()).host === extensionId;
  return context.serviceWorkers().find(mine) ?? (await context.waitForEvent('serviceworker', { predicate: mine, timeout: 15_000 }));
}

/** Installs (or, for the same folder again, updates) the unpacked extension in a running browser. */
export async function installExtension(context: BrowserContext, extensionDir: string): Promise<InstalledExtension> {
  const browser = context.browser();
  if (browser === null) throw new Error('installExtension needs a Chromium launched by launchBrowser');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { id } = await cdp.send('Extensions.loadUnpacked', { path: builtDir(extensionDir) });
    return { extensionId: id, worker: await extensionWorker(context, id) };
  } finally {
    await cdp.detach();
  }
}

export async function launchWithExtension(options: {
  extensionDir: string;
  profileDir?: string;
  headless?: boolean;
}): Promise<LaunchedBrowser> {
  const extensionDir = builtDir(options.extensionDir);
  const running = await launchBrowser({ ...options, extensionDir });
  const worker = await extensionWorker(running.context);
  return { ...running, worker, extensionId: new URL(worker.url()).host };
}

/** Stops the extension's service worker as Chromium does when it idles out. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach();
  }
}

/** Whether a service worker target of this extension is running, asked without waking it. */
export async function workerRunning(page: Page, extensionId: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string }[];
    };
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  } finally {
    await cdp.detach();
  }
}
