/**
 * One Firefox test's world: the real Next.js reference dashboard on 127.0.0.1, Firefox ESR
 * (puppeteer-core over WebDriver BiDi) with the Firefox end-to-end build installed as a
 * temporary add-on, and page objects to drive both. As in the Chromium world, nothing here
 * waits on extension internals before acting as the admin. Tests start worlds through the
 * `worlds` fixture of `test`, which closes them after the test.
 */

import type { Page } from 'puppeteer-core';
import { test as base } from 'vitest';
import { launchFirefox, type BackgroundState, type BadgeReading, type RunningFirefox } from '../../dev/firefox.ts';
import { startReferenceDashboard, type ReferenceDashboard, type SyncRecord } from '../../dev/reference-dashboard.ts';
import type { Settings } from '../../src/shared/settings.ts';
import type { SyncState } from '../../src/shared/sync-state.ts';
import { waitUntil } from '../e2e/wait.ts';
import { FIREFOX_LANE } from '../../dev/e2e-lanes.ts';

export { ADMIN, BELLA, E2E_TIMEOUT_MS, gaps } from '../e2e/world.ts';
import { ADMIN, BELLA } from '../e2e/world.ts';
import { closeInReverse } from '../e2e/close-in-reverse.ts';

/** The page's shadow-root indicator, as the Chromium suite finds it. */
export const INDICATOR = '[data-toast-sync-indicator]';

export class FirefoxExtension {
  constructor(private readonly firefox: RunningFirefox) {}

  /** moz-extension://<pinned uuid>. */
  get origin(): string {
    return this.firefox.extensionOrigin;
  }

  async state(): Promise<SyncState> {
    return (await this.firefox.syncState()) as SyncState;
  }

  badge(): Promise<BadgeReading> {
    return this.firefox.badge();
  }

  async waitForBadge(text: string, timeoutMs = 15_000): Promise<BadgeReading> {
    return waitUntil(
      `badge "${text}"`,
      async () => {
        const badge = await this.badge();
        return badge.text === text ? badge : undefined;
      },
      timeoutMs,
    );
  }

  setSettings(partial: Partial<Settings>): Promise<void> {
    return this.firefox.setSettings(partial);
  }

  grantedOrigins(): Promise<string[]> {
    return this.firefox.grantedOrigins();
  }

  terminateBackground(): Promise<void> {
    return this.firefox.terminateBackground();
  }

  backgroundState(): Promise<BackgroundState> {
    return this.firefox.backgroundState();
  }
}

export class DashboardTab {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** The login form signs in through a server action, then routes client-side to /visits. */
  async signIn(user: { email: string; password: string }): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.type('#email', user.email);
    await this.page.type('#password', user.password);
    await this.page.click('button[type=submit]');
    await this.page.waitForFunction(() => location.pathname.startsWith('/visits'), { timeout: 15_000 });
  }

  async selectClient(id: string): Promise<void> {
    await this.page.select('#client-picker', id);
  }

  /** A sidebar link, followed client-side as an admin clicks it. */
  async follow(label: string, path: string): Promise<void> {
    const link = await this.page.waitForSelector(`#sidebar a[href="${path}"]`);
    await link?.click();
    await this.page.waitForFunction((p) => location.pathname === p, { timeout: 10_000 }, path);
    await this.page.waitForFunction((l) => document.title.startsWith(l), { timeout: 10_000 }, label);
  }

  /** The indicator's status line, '' while it is not there. */
  indicatorText(): Promise<string> {
    return this.page.evaluate((selector) => {
      const text = document.querySelector(selector)?.shadowRoot?.querySelector<HTMLElement>('.text');
      return text?.innerText ?? '';
    }, INDICATOR);
  }

  indicatorCount(): Promise<number> {
    return this.page.evaluate((selector) => document.querySelectorAll(selector).length, INDICATOR);
  }

  /** Directly above Sign Out: its next element sibling is the dashboard's own button. */
  indicatorJustAboveSignOut(): Promise<boolean> {
    return this.page.evaluate((selector) => document.querySelector(selector)?.nextElementSibling?.id === 'sign-out', INDICATOR);
  }
}

export class PopupPage {
  constructor(readonly page: Page) {}

  /** The popup's own page in a tab: a toolbar popup is native UI that BiDi cannot open. */
  static async open(world: FirefoxWorld): Promise<PopupPage> {
    const page = await world.firefox.openExtensionPage('src/popup/index.html');
    await page.waitForSelector('.status .headline');
    return new PopupPage(page);
  }

  text(selector: string): Promise<string> {
    return this.page.$eval(selector, (el) => (el as HTMLElement).innerText).catch(() => '');
  }

  headline(): Promise<string> {
    return this.text('.status .headline');
  }

  syncNowLabel(): Promise<string> {
    return this.text('.sync-now button');
  }

  note(): Promise<string> {
    return this.text('.sync-now .note');
  }

  /** A real click (BiDi input actions), as the admin's mouse. */
  async clickSyncNow(): Promise<void> {
    await this.page.click('.sync-now button');
  }
}

export interface FirefoxWorld {
  dashboard: ReferenceDashboard;
  firefox: RunningFirefox;
  extension: FirefoxExtension;
  /** A new tab, selected, on nothing yet. */
  tab(): Promise<DashboardTab>;
  /** Requests the extension sent (Origin moz-extension://<uuid>). */
  extensionSyncs(): Promise<SyncRecord[]>;
  close(): Promise<void>;
}

export interface FirefoxWorldOptions {
  /** The admin's interval, saved before any dashboard work, as in the options page. */
  intervalSeconds?: number;
}

async function startWorld(options: FirefoxWorldOptions = {}): Promise<FirefoxWorld> {
  const dashboard = await startReferenceDashboard({ port: FIREFOX_LANE.port, announceContext: true, freshSeconds: 0 });
  let firefox: RunningFirefox;
  try {
    firefox = await launchFirefox({ extensionDir: FIREFOX_LANE.dist });
  } catch (error) {
    await dashboard.close();
    throw error;
  }
  const extension = new FirefoxExtension(firefox);
  const world: FirefoxWorld = {
    dashboard,
    firefox,
    extension,
    async tab() {
      return new DashboardTab(await firefox.newPage(), dashboard.url);
    },
    extensionSyncs: async () => (await dashboard.syncs()).filter((s) => s.origin === firefox.extensionOrigin),
    async close() {
      await firefox.close().catch(() => undefined);
      await dashboard.close();
    },
  };
  try {
    if (options.intervalSeconds !== undefined) await extension.setSettings({ intervalSeconds: options.intervalSeconds });
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

/** What the `worlds` fixture gives a test: worlds it closes after the test, passed or failed. */
export interface FirefoxWorldLauncher {
  startWorld(options?: FirefoxWorldOptions): Promise<FirefoxWorld>;
  /** The common start: an admin signed in, Bella's Bistro selected, its first sync done. */
  syncingWorld(intervalSeconds: number): Promise<{ world: FirefoxWorld; tab: DashboardTab }>;
}

export const test = base.extend<{ worlds: FirefoxWorldLauncher }>({
  // eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's own needs from this pattern: none here.
  worlds: async ({}, use) => {
    const closers: (() => Promise<void>)[] = [];
    const start = async (options?: FirefoxWorldOptions): Promise<FirefoxWorld> => {
      const world = await startWorld(options);
      closers.push(() => world.close());
      return world;
    };
    await use({
      startWorld: start,
      async syncingWorld(intervalSeconds) {
        const world = await start({ intervalSeconds });
        const tab = await world.tab();
        await tab.signIn(ADMIN);
        await tab.selectClient(BELLA.id);
        await waitUntil('the first sync', async () => (await world.extensionSyncs()).length >= 1);
        await world.extension.waitForBadge('✓');
        return { world, tab };
      },
    });
    await closeInReverse(closers);
  },
});
