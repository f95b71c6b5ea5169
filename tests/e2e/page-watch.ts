/**
 * What a dashboard page shows, watched from the page's own world without touching its DOM
 * (a mark on a server-rendered node would itself upset React's hydration): console errors
 * and warnings, and when the indicator joined the page.
 */

import type { Page } from 'playwright-core';

export const INDICATOR = '[data-toast-sync-indicator]';

/** Runs in the page before its scripts (addInitScript). */
function installWatch(): void {
  const w = window as unknown as { __watch: { indicatorAt: number[]; besideHydrated: boolean[] } };
  w.__watch = { indicatorAt: [], besideHydrated: [] };
  const seen = new WeakSet<Element>();
  new MutationObserver(() => {
    const indicator = document.querySelector('[data-toast-sync-indicator]');
    if (indicator !== null && !seen.has(indicator)) {
      seen.add(indicator);
      w.__watch.indicatorAt.push(performance.now());
      // React marks each node it has hydrated (visible from the page's own world only).
      const next = indicator.nextElementSibling;
      w.__watch.besideHydrated.push(next !== null && Object.keys(next).some((key) => key.startsWith('__reactFiber$')));
    }
  }).observe(document, { childList: true, subtree: true });
}

export interface ConsoleLog {
  problems: string[];
}

/** Collects console errors and warnings, and uncaught page errors, from now on. */
export async function watchPage(page: Page): Promise<ConsoleLog> {
  const log: ConsoleLog = { problems: [] };
  page.on('console', (message) => {
    const text = message.text();
    // The browser's own line for an HTTP error answer (a 401/403/429 the test provoked) is not the page's.
    if (/^Failed to load resource/.test(text)) return;
    if (message.type() === 'error' || message.type() === 'warning') log.problems.push(`${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => log.problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(installWatch);
  return log;
}

export interface LoadTimes {
  /** performance.now() of the dashboard's `crm:hydrated` mark (its first effect after hydrating). */
  hydrated: number;
  /** performance.now() when the indicator first joined the page. */
  indicator: number;
  /** Whether the node the indicator went in front of (Sign Out) was already hydrated by React then. */
  besideHydrated: boolean;
}

export async function loadTimes(page: Page): Promise<LoadTimes> {
  return page.evaluate(() => {
    const watch = (window as unknown as { __watch: { indicatorAt: number[]; besideHydrated: boolean[] } }).__watch;
    return {
      hydrated: performance.getEntriesByName('crm:hydrated')[0]?.startTime ?? NaN,
      indicator: watch.indicatorAt[0] ?? NaN,
      besideHydrated: watch.besideHydrated[0] ?? false,
    };
  });
}

export async function indicatorAboveSignOut(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const all = document.querySelectorAll('[data-toast-sync-indicator]');
    const next = all[0]?.nextElementSibling;
    return all.length === 1 && next instanceof HTMLElement && next.textContent.trim() === 'Sign Out';
  });
}

export async function indicatorCount(page: Page): Promise<number> {
  return page.locator(INDICATOR).count();
}
