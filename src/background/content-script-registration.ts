/**
 * Keeps the dashboard content scripts registered for the current dashboard origin, through
 * `scripting.registerContentScripts`, both at `document_start` so the page's first context
 * announcement is heard: the content script itself (the extension's isolated world) and the
 * hydration probe (the page's own world, where React's marks are visible). Browser APIs come
 * in as ports.
 */

import { dashboardPatterns, type PatternDialect } from '../shared/dashboard-origin.ts';

export const CONTENT_SCRIPT_ID = 'toast-sync-dashboard';
export const HYDRATION_PROBE_ID = 'toast-sync-hydration-probe';
const IDS = [HYDRATION_PROBE_ID, CONTENT_SCRIPT_ID];

export interface RegisteredScript {
  id: string;
  js?: string[];
  matches?: string[];
  runAt?: string;
  world?: 'ISOLATED' | 'MAIN';
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

/** The built files: the content script and the page-world hydration probe. */
export interface DashboardScriptFiles {
  content: string;
  probe: string;
}

export type RegistrationResult = 'registered' | 'unchanged' | 'no-permission';

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

function same(a: RegisteredScript | undefined, b: RegisteredScript): boolean {
  return (
    a !== undefined && sameList(a.js, b.js) && sameList(a.matches, b.matches) && a.runAt === b.runAt && (a.world ?? 'ISOLATED') === b.world
  );
}

export function wantedScripts(origin: string, files: DashboardScriptFiles, dialect: PatternDialect): RegisteredScript[] {
  const common = { matches: dashboardPatterns(origin, dialect), runAt: 'document_start', allFrames: false, persistAcrossSessions: true };
  return [
    { id: HYDRATION_PROBE_ID, js: [files.probe], world: 'MAIN', ...common },
    { id: CONTENT_SCRIPT_ID, js: [files.content], world: 'ISOLATED', ...common },
  ];
}

export async function syncContentScript(
  scripting: ScriptingPort,
  permissions: PermissionsPort,
  origin: string,
  files: DashboardScriptFiles,
  dialect: PatternDialect,
): Promise<RegistrationResult> {
  const wanted = wantedScripts(origin, files, dialect);
  const existing = await scripting.getRegisteredContentScripts({ ids: IDS });
  const granted = await permissions.contains({ origins: dashboardPatterns(origin, dialect) });
  if (
    granted &&
    wanted.every((w) =>
      same(
        existing.find((e) => e.id === w.id),
        w,
      ),
    ) &&
    existing.length === wanted.length
  ) {
    return 'unchanged';
  }
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: existing.map((e) => e.id) });
  if (!granted) return 'no-permission';
  await scripting.registerContentScripts(wanted);
  return 'registered';
}
