/**
 * One test's world: the real Next.js reference dashboard (examples/crm-dashboard, production
 * build) on 127.0.0.1, Chromium with the end-to-end build of
 * the extension (installed at launch, or later while dashboard tabs are open), and small page
 * objects to drive both. Nothing here waits on extension internals before acting as the admin.
 * Tests start worlds through the `worlds` fixture of `test`, which closes them after the test.
 */

import type { BrowserContext, Page, Worker } from 'playwright-core';
import { test as base } from 'vitest';
import {
  startReferenceDashboard,
  type ReferenceDashboard,
  type ReferenceDashboardOptions,
  type SyncRecord,
} from '../../dev/reference-dashboard.ts';
import type { Settings } from '../../src/shared/settings.ts';
import type { SyncState } from '../../src/shared/sync-state.ts';
import {
  extensionWorker,
  installExtension,
  launchBrowser,
  stopServiceWorkers,
  workerRunning,
  type RunningBrowser,
} from '../../dev/chromium.ts';
import { ADMIN, BELLA, DashboardTab, readBadge, readSyncState } from '../../dev/dashboard-session.ts';
import { currentChromiumLane } from '../../dev/e2e-lanes.ts';
import { waitUntil } from './wait.ts';
import { closeInReverse } from './close-in-reverse.ts';

export { ADMIN, BELLA, DashboardTab, HARBOR, STAFF } from '../../dev/dashboard-session.ts';

/** This worker's lane: the end-to-end build (npm run build:e2e) for it talks to this port and lets intervals go down to 1 s. */
export const { port: E2E_PORT, dist: E2E_DIST } = currentChromiumLane();
/** The e2e build aborts a sync after this long (25 s in the shipped build). */
export const E2E_TIMEOUT_MS = 4_000;

export class ExtensionDriver {
  constructor(
    private readonly context: BrowserContext,
    readonly id: string,
  ) {}

  worker(): Promise<Worker> {
    return extensionWorker(this.context, this.id);
  }

  /** Read once the engine has written it (tests wait for a sync or the page's context first). */
  async state(): Promise<SyncState> {
    return (await readSyncState(await this.worker())) as SyncState;
  }

  async badge(): Promise<{ text: string; title: string }> {
    return readBadge(await this.worker());
  }

  /**
   * Grants a host inside optional_host_permissions from chrome://extensions, as an admin can
   * with "Site access". (The permission prompt itself is native UI that tests cannot click.)
   */
  async grantHost(pattern: string): Promise<void> {
    await this.onExtensionsPage(async (page) => {
      await page.evaluate(
        async ([id, host]) => {
          const api = (chrome as unknown as { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } })
            .developerPrivate;
          await api.addHostPermission(id, host);
        },
        [this.id, pattern] as const,
      );
    });
  }

  /** Turns the extension off and on again from chrome://extensions, as an admin can. */
  async disableAndEnable(): Promise<void> {
    await this.onExtensionsPage(async (page) => {
      await page.evaluate(async (id) => {
        await chrome.management.setEnabled(id, false);
        await chrome.management.setEnabled(id, true);
      }, this.id);
    });
  }

  private async onExtensionsPage(use: (page: Page) => Promise<void>): Promise<void> {
    const page = await this.context.newPage();
    try {
      await page.goto('chrome://extensions');
      await use(page);
    } finally {
      await page.close();
    }
  }

  async setSettings(partial: Partial<Settings>): Promise<void> {
    await (
      await this.worker()
    ).evaluate(async (next) => {
      const items = await chrome.storage.sync.get('settings');
      await chrome.storage.sync.set({ settings: { ...(items.settings as object | undefined), ...next } });
    }, partial);
  }

  async waitForBadge(text: string, timeoutMs = 15_000): Promise<{ text: string; title: string }> {
    return waitUntil(
      `badge "${text}"`,
      async () => {
        const badge = await this.badge();
        return badge.text === text ? badge : undefined;
      },
      timeoutMs,
    );
  }

  /** Stops the worker through CDP and waits until Chromium reports it gone. */
  async stopWorker(page: Page): Promise<void> {
    await stopServiceWorkers(page);
    await waitUntil('the worker to stop', async () => !(await workerRunning(page, this.id)), 5_000);
  }
}

export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(world: World): Promise<PopupPage> {
    const page = await world.browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 600 });
    await page.goto(`chrome-extension://${world.extension.id}/src/popup/index.html`);
    await page.waitForSelector('.status');
    return new PopupPage(page);
  }

  headline(): Promise<string> {
    return this.page.locator('.status .headline').innerText();
  }

  syncNow() {
    return this.page.locator('.sync-now button');
  }

  /** Clicks as fast as a page can: all `times` clicks land before React re-renders. */
  async clickSyncNow(times: number): Promise<void> {
    await this.page.evaluate((n) => {
      const button = document.querySelector<HTMLButtonElement>('.sync-now button');
      for (let i = 0; i < n; i++) button?.click();
    }, times);
  }

  /** Milliseconds from navigation start to first contentful paint and to the ready mark. */
  async paintTimes(): Promise<{ fcp: number; ready: number }> {
    return this.page.evaluate(async () => {
      for (let i = 0; i < 50 && performance.getEntriesByName('first-contentful-paint').length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        ready: performance.getEntriesByName('toast-sync:popup-ready')[0]?.startTime ?? NaN,
      };
    });
  }
}

export interface World {
  dashboard: ReferenceDashboard;
  browser: RunningBrowser;
  /** The extension; throws before `install()` in a world started with `install: 'later'`. */
  readonly extension: ExtensionDriver;
  /**
   * Installs the extension into the running browser, as an admin does from a store page; again,
   * it is an update (Chromium reloads the unpacked folder as a new version).
   */
  install(): Promise<ExtensionDriver>;
  /** A new tab on the dashboard. */
  tab(): Promise<DashboardTab>;
  /** Requests the extension sent (its Origin is chrome-extension://). */
  extensionSyncs(): Promise<SyncRecord[]>;
  /** Close the browser and start it again on the same profile. */
  restartBrowser(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  intervalSeconds?: number;
  announce?: boolean;
  /** Default 'at-launch'; 'later' starts Chromium without it, for `world.install()`. */
  install?: 'at-launch' | 'later';
  /**
   * The dashboard's freshness window (a pull answers for its client this long). Default 0: each
   * test sees every sync reach Toast; the caching tests turn it on.
   */
  freshSeconds?: number;
}

/** A world on the file's dashboard, restarted for it: as fresh as a server of its own, without the start. */
async function startWorld(dashboard: ReferenceDashboard, options: WorldOptions = {}): Promise<World> {
  await dashboard.restart({ announce: options.announce ?? true, freshSeconds: options.freshSeconds ?? 0 });
  let browser: RunningBrowser;
  let driver: ExtensionDriver | null = null;
  const launch = async (profileDir?: string): Promise<void> => {
    browser = await launchBrowser({
      ...(options.install === 'later' ? {} : { extensionDir: E2E_DIST }),
      ...(profileDir === undefined ? {} : { profileDir }),
    });
    if (options.install !== 'later' || driver !== null) {
      const worker = await extensionWorker(browser.context);
      driver = new ExtensionDriver(browser.context, new URL(worker.url()).host);
    }
  };
  await launch();
  const world: World = {
    dashboard,
    get browser() {
      return browser;
    },
    get extension() {
      if (driver === null) throw new Error('The extension is not installed yet: call world.install()');
      return driver;
    },
    async install() {
      const installed = await installExtension(browser.context, E2E_DIST);
      driver = new ExtensionDriver(browser.context, installed.extensionId);
      return driver;
    },
    async tab() {
      return new DashboardTab(await browser.context.newPage(), dashboard.url);
    },
    extensionSyncs: async () => (await dashboard.syncs()).filter((s) => s.origin?.startsWith('chrome-extension://') ?? false),
    async restartBrowser() {
      const { profileDir } = browser;
      await browser.close();
      await launch(profileDir);
    },
    async close() {
      await browser.close(true).catch(() => undefined);
    },
  };
  try {
    // The admin's own setting, made in the options page before any dashboard work.
    if (options.intervalSeconds !== undefined && driver !== null)
      await world.extension.setSettings({ intervalSeconds: options.intervalSeconds });
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

/** Gaps between consecutive request arrivals, in ms. */
export function gaps(records: SyncRecord[]): number[] {
  return records.slice(1).map((r, i) => r.atMs - (records[i]?.atMs ?? r.atMs));
}

/** What the `worlds` fixture gives a test: worlds and dashboards it closes after the test, passed or failed. */
export interface WorldLauncher {
  startWorld(options?: WorldOptions): Promise<World>;
  /** The common start: an admin signed in, Bella's Bistro selected, its first sync done. */
  syncingWorld(intervalSeconds: number, options?: Omit<WorldOptions, 'intervalSeconds'>): Promise<{ world: World; tab: DashboardTab }>;
  /** Another reference dashboard, for tests that move the extension to a second address. */
  dashboard(options: ReferenceDashboardOptions): Promise<ReferenceDashboard>;
}

export const test = base.extend<{ $test: { worlds: WorldLauncher }; $file: { laneDashboard: ReferenceDashboard } }>({
  // One `next start` per file on the lane's port (about a second of CPU each), restarted by each world.
  laneDashboard: [
    // eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's own needs from this pattern: none here.
    async ({}, use) => {
      const dashboard = await startReferenceDashboard({ port: E2E_PORT, announceContext: true, freshSeconds: 0 });
      await use(dashboard);
      await dashboard.close();
    },
    { scope: 'file' },
  ],
  worlds: async ({ laneDashboard }, use) => {
    const closers: (() => Promise<void>)[] = [];
    const start = async (options?: WorldOptions): Promise<World> => {
      const world = await startWorld(laneDashboard, options);
      closers.push(() => world.close());
      return world;
    };
    await use({
      startWorld: start,
      async syncingWorld(intervalSeconds, options = {}) {
        const world = await start({ ...options, intervalSeconds });
        const tab = await world.tab();
        await tab.signIn(ADMIN);
        await tab.selectClient(BELLA.id);
        await waitUntil('the first sync', async () => (await world.extensionSyncs()).length >= 1);
        await world.extension.waitForBadge('✓');
        return { world, tab };
      },
      async dashboard(options) {
        const dashboard = await startReferenceDashboard(options);
        closers.push(() => dashboard.close());
        return dashboard;
      },
    });
    await closeInReverse(closers);
  },
});
