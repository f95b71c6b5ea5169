/**
 * Dashboard tabs that were open before the extension started (installed, updated, re-enabled,
 * or given a new dashboard address) get no registered content script until they load again:
 * inject the scripts into them. The content script and the probe each run once per page
 * whatever is injected twice, so a tab that already has them is unharmed. Browser APIs come
 * in as ports; host permission for the dashboard is enough to find its tabs by URL.
 */

import { dashboardPatterns, isSameDashboard, type PatternDialect } from '../shared/dashboard-origin.ts';
import type { DashboardScriptFiles } from './content-script-registration.ts';

export interface TabsPort {
  query(filter: { url: string[] }): Promise<{ id?: number; url?: string; discarded?: boolean }[]>;
}

export interface InjectPort {
  executeScript(injection: { target: { tabId: number }; files: string[]; world: 'ISOLATED' | 'MAIN' }): Promise<unknown>;
}

/** Injects into every open dashboard tab; returns how many tabs took the scripts. */
export async function adoptOpenTabs(
  tabs: TabsPort,
  scripting: InjectPort,
  origin: string,
  files: DashboardScriptFiles,
  dialect: PatternDialect,
): Promise<number> {
  // Firefox's patterns match every port of the host: keep the dashboard's own tabs.
  const open = (await tabs.query({ url: dashboardPatterns(origin, dialect) })).filter((tab) => isSameDashboard(tab.url, origin));
  const results = await Promise.allSettled(
    open
      // A discarded tab has no page to inject into; it loads afresh (with the registered scripts) when shown.
      .filter((tab): tab is { id: number } => tab.id !== undefined && tab.discarded !== true)
      .map(async (tab) => {
        // The probe first, so the content script's first question about hydration is answered.
        await scripting.executeScript({ target: { tabId: tab.id }, files: [files.probe], world: 'MAIN' });
        await scripting.executeScript({ target: { tabId: tab.id }, files: [files.content], world: 'ISOLATED' });
      }),
  );
  // A tab that navigated away or shows an error page refuses injection; that is not our failure.
  return results.filter((r) => r.status === 'fulfilled').length;
}
