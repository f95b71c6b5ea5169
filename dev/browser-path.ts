/**
 * Finds an installed Chromium-family browser (Chrome, Chromium, Edge, Brave) in the usual
 * places on Linux, macOS and Windows, or `CHROME_PATH`. Pure apart from the `exists` check it
 * is given, so the search order is testable.
 */

import { join } from 'node:path';

export interface BrowserSearch {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
}

function windowsCandidates(env: Record<string, string | undefined>): string[] {
  const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => r !== undefined && r !== '');
  const apps = [
    ['Google', 'Chrome', 'Application', 'chrome.exe'],
    ['Chromium', 'Application', 'chrome.exe'],
    ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
    ['BraveSoftware', 'Brave-Browser', 'Application', 'brave.exe'],
  ];
  return roots.flatMap((root) => apps.map((parts) => join(root, ...parts)));
}

export function browserCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  const fromEnv = env.CHROME_PATH !== undefined && env.CHROME_PATH !== '' ? [env.CHROME_PATH] : [];
  switch (platform) {
    case 'darwin': {
      const apps = ['Google Chrome', 'Chromium', 'Microsoft Edge', 'Brave Browser'].map(
        (name) => `/Applications/${name}.app/Contents/MacOS/${name}`,
      );
      const home = env.HOME === undefined ? [] : apps.map((app) => join(env.HOME ?? '', app));
      return [...fromEnv, ...apps, ...home];
    }
    case 'win32':
      return [...fromEnv, ...windowsCandidates(env)];
    default:
      return [
        ...fromEnv,
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/snap/bin/chromium',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/opt/google/chrome/chrome',
        '/usr/bin/microsoft-edge',
        '/usr/bin/brave-browser',
      ];
  }
}

/** The first candidate that exists; `CHROME_PATH`, when set, must exist (a typo should not be skipped silently). */
export function findBrowser(search: BrowserSearch): { path: string } | { path: null; looked: string[] } {
  const candidates = browserCandidates(search.platform, search.env);
  const fromEnv = search.env.CHROME_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return search.exists(fromEnv) ? { path: fromEnv } : { path: null, looked: [fromEnv] };
  const found = candidates.find((path) => search.exists(path));
  return found === undefined ? { path: null, looked: candidates } : { path: found };
}
