/**
 * One test's world: the dashboard simulator on 127.0.0.1, Chromium with the end-to-end build
 * of the extension, and small page objects to drive both.
 */

import type { Page } from 'playwright-core';
import { startDashboard, type Dashboard, type SyncRecord } from '../../dev/dashboard/server.ts';
import type { Settings } from '../../src/shared/settings.ts';
import type { SyncState } from '../../src/shared/sync-state.ts';
import {
  launchWithExtension,
  stopServiceWorkers,
  waitForDashboardScript,
  workerRunning,
  type LaunchedBrowser,
} from '../../dev/chromium.ts';
import { waitUntil } from './wait.ts';

/** The end-to-end build (npm run build:e2e) talks to this port and lets intervals go down to 1 s. */
export const E2E_PORT = 3100;
export const E2E_DIST = 'dist-e2e';
/** The e2e build aborts a sync after this long (25 s in the shipped build). */
export const E2E_TIMEOUT_MS = 4_000;

export const ADMIN = { email: 'admin@demo.test', password: 'admin123' };
export const STAFF = { email: 'staff@demo.test', password: 'staff123' };
export const BELLA = { id: 'c-bella', name: "Bella's Bistro" };
export const HARBOR = { id: 'c-harbor', name: 'Harbor Grill' };

export class ExtensionDriver {
  constructor(private readonly browser: LaunchedBrowser) {}

  get id(): string {
    return this.browser.extensionId;
  }

  async state(): Promise<SyncState> {
    return this.browser.worker.evaluate(async () => {
      const items = await chrome.storage.local.get('syncState');
      return items.syncState as SyncState;
    });
  }

  async badge(): Promise<{ text: string; title: string }> {
    return this.browser.worker.evaluate(async () => ({
      text: await chrome.action.getBadgeText({}),
      title: await chrome.action.getTitle({}),
    }));
  }

  /**
   * Grants a host inside optional_host_permissions from chrome://extensions, as an admin can
   * with "Site access". (The permission prompt itself is native UI that tests cannot click.)
   */
  async grantHost(pattern: string): Promise<void> {
    const page = await this.browser.context.newPage();
    try {
      await page.goto('chrome://extensions');
      await page.evaluate(
        async ([id, host]) => {
          const api = (chrome as unknown as { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } })
            .developerPrivate;
          await api.addHostPermission(id, host);
        },
        [this.id, pattern] as const,
      );
    } finally {
      await page.close();
    }
  }

  async setSettings(partial: Partial<Settings>): Promise<void> {
    await this.browser.worker.evaluate(async (next) => {
      const items = await chrome.storage.sync.get('settings');
      await chrome.storage.sync.set({ settings: { ...(items.settings as object | undefined), ...next } });
    }, partial);
  }

  async waitForBadge(text: string, timeoutMs = 15_000): Promise<{ text: string; title: string }> {
    return waitUntil(`badge "${text}"`, async () => {
      const badge = await this.badge();
      return badge.text === text ? badge : undefined;
    }, timeoutMs);
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

export class DashboardTab {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async signIn(user: { email: string; password: string }): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.fill('input[type=email], input[name=email]', user.email);
    await this.page.fill('input[type=password]', user.password);
    await Promise.all([this.page.waitForURL(/\/visits/), this.page.click('button[type=submit]')]);
  }

  async selectClient(id: string): Promise<void> {
    await this.page.selectOption('#client-picker', id);
  }

  async open(path: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }
}

export interface World {
  dashboard: Dashboard;
  browser: LaunchedBrowser;
  extension: ExtensionDriver;
  /** A new tab on the dashboard. */
  tab(): Promise<DashboardTab>;
  /** Requests the extension sent (its Origin is chrome-extension://). */
  extensionSyncs(): SyncRecord[];
  /** Close the browser and start it again on the same profile. */
  restartBrowser(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(options: { intervalSeconds?: number; announce?: boolean } = {}): Promise<World> {
  const dashboard = await startDashboard({ port: E2E_PORT, announceContext: options.announce ?? true });
  let browser: LaunchedBrowser;
  try {
    browser = await launchWithExtension({ extensionDir: E2E_DIST });
  } catch (error) {
    await dashboard.close();
    throw error;
  }
  const world: World = {
    dashboard,
    browser,
    extension: new ExtensionDriver(browser),
    async tab() {
      return new DashboardTab(await world.browser.context.newPage(), dashboard.url);
    },
    extensionSyncs: () => dashboard.syncs().filter((s) => s.origin?.startsWith('chrome-extension://') ?? false),
    async restartBrowser() {
      const { profileDir } = world.browser;
      await world.browser.close();
      world.browser = await launchWithExtension({ extensionDir: E2E_DIST, profileDir });
      world.extension = new ExtensionDriver(world.browser);
    },
    async close() {
      await world.browser.close(true).catch(() => undefined);
      await dashboard.close();
    },
  };
  try {
    await waitForDashboardScript(browser.worker);
    if (options.intervalSeconds !== undefined) await world.extension.setSettings({ intervalSeconds: options.intervalSeconds });
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

/** The common start: an admin signed in, Bella's Bistro selected, its first sync done. */
export async function syncingWorld(intervalSeconds: number): Promise<{ world: World; tab: DashboardTab }> {
  const world = await startWorld({ intervalSeconds });
  try {
    const tab = await world.tab();
    await tab.signIn(ADMIN);
    await tab.selectClient(BELLA.id);
    await waitUntil('the first sync', () => world.extensionSyncs().length >= 1);
    await world.extension.waitForBadge('✓');
    return { world, tab };
  } catch (error) {
    await world.close();
    throw error;
  }
}
