/**
 * Keeps the dashboard content script registered for the current dashboard origin, through
 * `scripting.registerContentScripts` (a self-contained IIFE at `document_start`, so it hears
 * the page's first context announcement). Browser APIs come in as ports.
 */

import { dashboardPatterns } from '../shared/dashboard-origin.ts';

export const CONTENT_SCRIPT_ID = 'toast-sync-dashboard';

export interface RegisteredScript {
  id: string;
  js?: string[];
  matches?: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
  allFrames?: boolean;
}

export interface ScriptingPort {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: RegisteredScript[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export interface PermissionsPort {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

export type RegistrationResult = 'registered' | 'unchanged' | 'no-permission';

function sameList(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function syncContentScript(
  scripting: ScriptingPort,
  permissions: PermissionsPort,
  origin: string,
  file: string,
): Promise<RegistrationResult> {
  const wanted: RegisteredScript = {
    id: CONTENT_SCRIPT_ID,
    js: [file],
    matches: dashboardPatterns(origin),
    runAt: 'document_start',
    allFrames: false,
    persistAcrossSessions: true,
  };
  const [existing] = await scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  const granted = await permissions.contains({ origins: wanted.matches ?? [] });
  if (existing !== undefined) {
    if (granted && sameList(existing.js, wanted.js ?? []) && sameList(existing.matches, wanted.matches ?? []) && existing.runAt === wanted.runAt) {
      return 'unchanged';
    }
    await scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  }
  if (!granted) return 'no-permission';
  await scripting.registerContentScripts([wanted]);
  return 'registered';
}
