/** What differs between the browsers this extension is built for, fixed at build time. */

import type { PatternDialect } from './dashboard-origin.ts';

export type TargetBrowser = PatternDialect;

export interface BrowserFacts {
  /** The browser's name in what the admin reads. */
  name: string;
  /** Firefox's idle API reports only `active` and `idle`, never `locked`. */
  knowsScreenLock: boolean;
}

export function browserFacts(target: TargetBrowser): BrowserFacts {
  return target === 'firefox' ? { name: 'Firefox', knowsScreenLock: false } : { name: 'Chrome', knowsScreenLock: true };
}

/** The browser this build is for (npm run build: Chrome; npm run build:firefox: Firefox). */
export const TARGET_BROWSER: TargetBrowser = __TARGET_BROWSER__;
const FACTS = browserFacts(TARGET_BROWSER);
export const BROWSER_NAME = FACTS.name;
export const KNOWS_SCREEN_LOCK = FACTS.knowsScreenLock;
