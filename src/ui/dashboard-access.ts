/** Host access to the dashboard, asked for from an extension page. */

import { browser } from '../shared/browser.ts';
import { dashboardPatterns } from '../shared/dashboard-origin.ts';
import { TARGET_BROWSER } from '../shared/target-browser.ts';

/**
 * Asks the browser for access to the dashboard (and its localhost twin). Call it before any
 * other await in a click handler: browsers show their prompt only during the user's gesture.
 */
export async function requestDashboardAccess(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: dashboardPatterns(origin, TARGET_BROWSER) });
  } catch {
    return false;
  }
}
