/** Host access to the dashboard, asked for from an extension page. */

import { browser } from '../shared/browser.ts';
import { dashboardPatterns } from '../shared/dashboard-origin.ts';

/**
 * Asks Chrome for access to the dashboard (and its localhost twin). Call it before any other
 * await in a click handler: Chrome shows its prompt only during the user's gesture.
 */
export async function requestDashboardAccess(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: dashboardPatterns(origin) });
  } catch {
    return false;
  }
}
