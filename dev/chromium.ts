/**
 * Launches Debian's Chromium with the built extension (DESIGN.md lists the flags that work
 * here) and gives tests a handle on its service worker.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export function chromePath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(', ')}). Install Debian's: ` +
        '`sudo apt-get install -y chromium`, or set CHROME_PATH to a Chromium binary.',
    );
  }
  return found;
}

export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export interface LaunchedBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  profileDir: string;
  /** Closes the browser; the profile stays for a restart unless `removeProfile`. */
  close(removeProfile?: boolean): Promise<void>;
}

export async function launchWithExtension(options: {
  extensionDir: string;
  profileDir?: string;
  headless?: boolean;
}): Promise<LaunchedBrowser> {
  const extensionDir = resolve(options.extensionDir);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run the build first.`);
  }
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'toast-sync-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromePath(),
    headless: options.headless ?? true,
    args: chromiumArgs(extensionDir),
    viewport: { width: 1100, height: 720 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    profileDir,
    async close(removeProfile = false) {
      await context.close();
      if (removeProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * The worker registers the dashboard content script when it first starts; dashboard pages
 * loaded before that have none (as for any newly installed extension).
 */
export async function waitForDashboardScript(worker: Worker, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const count = await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length);
    if (count > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('The extension did not register its dashboard content script.');
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
