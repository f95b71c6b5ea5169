/**
 * What `npm test` and `npm start` need from outside the npm registry, and what to do when
 * something is missing: install it (as root on Debian or Ubuntu, where apt-get can), or stop
 * before anything else runs with the one command that fixes it. Pure: the machine comes in as
 * facts, so every decision is a unit test.
 */

import { browserCandidates } from './browser-path.ts';
import { firefoxCandidates } from './firefox.ts';
import { policyDirFor } from './chromium-policy.ts';

/** An outside program the commands need. A later server (a shared store) is one more row. */
export interface Part {
  /** For messages: "Chromium". */
  name: string;
  /** The variable that names its executable instead of the search. */
  envVar: string;
  /** Debian's package for it. */
  debianPackage: string;
  /** Where to look when the variable is unset, in order. */
  candidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[];
  /** Said when it is missing on a machine apt-get cannot serve. */
  elsewhere: string;
}

export const CHROMIUM: Part = {
  name: 'Chromium',
  envVar: 'CHROME_PATH',
  debianPackage: 'chromium',
  // Without CHROME_PATH in env: the variable is judged on its own, never searched past.
  candidates: (platform, env) => browserCandidates(platform, { ...env, CHROME_PATH: undefined }),
  elsewhere: 'install Google Chrome, Chromium, Microsoft Edge or Brave',
};

export const FIREFOX: Part = {
  name: 'Firefox',
  envVar: 'FIREFOX_PATH',
  debianPackage: 'firefox-esr',
  candidates: (_platform, env) => firefoxCandidates({ ...env, FIREFOX_PATH: undefined }),
  elsewhere: 'install Firefox (ESR 128 or later)',
};

/** What each command needs: the demo drives Chromium only; the tests drive both. */
export const NEEDS = {
  start: { parts: [CHROMIUM], chromiumPolicy: false },
  test: { parts: [CHROMIUM, FIREFOX], chromiumPolicy: true },
} as const;

export type Purpose = keyof typeof NEEDS;

export interface MachineFacts {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  root: boolean;
  /** /etc/os-release says Debian or Ubuntu (or a derivative of either). */
  debianLike: boolean;
  /** A regular file this user may execute. */
  executable(path: string): boolean;
  /** The folder exists and this user may write in it, or it can be created (an ancestor is writable). */
  writable(dir: string): boolean;
}

export type Plan =
  | { kind: 'ready'; found: Record<string, string> }
  | { kind: 'install'; packages: string[]; announce: string }
  | { kind: 'stop'; message: string };

type Search = { part: Part; path: string } | { part: Part; missing: true } | { part: Part; badVar: string };

function search(part: Part, facts: MachineFacts): Search {
  const named = facts.env[part.envVar];
  if (named !== undefined && named !== '') return facts.executable(named) ? { part, path: named } : { part, badVar: named };
  const path = part.candidates(facts.platform, facts.env).find((candidate) => facts.executable(candidate));
  return path === undefined ? { part, missing: true } : { part, path };
}

const list = (words: string[]): string => (words.length < 3 ? words.join(' and ') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** The Chromium policy folder the policy tests write to, when this user cannot write it. */
function unwritablePolicyDir(chromiumPath: string, facts: MachineFacts): string | null {
  if (facts.platform !== 'linux' || facts.root) return null;
  let dir: string;
  try {
    dir = policyDirFor(chromiumPath);
  } catch {
    return null; // a browser whose policy folder is unknown: the policy tests say so themselves
  }
  return facts.writable(dir) ? null : dir;
}

/**
 * Rough download sizes with their dependencies, for the one line said before an install: on a
 * bare Debian 12 the two together came to 243 MB (chromium and chromium-common 113 MB,
 * firefox-esr 80 MB, the libraries they share the rest).
 */
const DOWNLOAD_MB: Record<string, number> = { chromium: 140, 'firefox-esr': 100 };

export function planPreflight(purpose: Purpose, facts: MachineFacts): Plan {
  const needs = NEEDS[purpose];
  const searches = needs.parts.map((part) => search(part, facts));
  const badVars = searches.filter((s): s is Extract<Search, { badVar: string }> => 'badVar' in s);
  const missing = searches.filter((s) => 'missing' in s).map((s) => s.part);
  const found = Object.fromEntries(searches.flatMap((s) => ('path' in s ? [[s.part.name, s.path]] : [])));
  const debian = facts.platform === 'linux' && facts.debianLike;
  // A Chromium still to be installed from Debian will read its policy from Debian's folder.
  const chromium = found[CHROMIUM.name] ?? (debian && missing.includes(CHROMIUM) ? '/usr/bin/chromium' : undefined);
  const policyDir = needs.chromiumPolicy && chromium !== undefined ? unwritablePolicyDir(chromium, facts) : null;

  if (badVars.length === 0 && missing.length === 0 && policyDir === null) return { kind: 'ready', found };

  const packages = missing.map((part) => part.debianPackage);
  // A variable that names nothing is a mistake to fix, never a reason to install another browser.
  if (badVars.length === 0 && missing.length > 0 && debian && facts.root) {
    const mb = packages.reduce((sum, p) => sum + (DOWNLOAD_MB[p] ?? 0), 0);
    const why = purpose === 'test' ? 'for the end-to-end tests' : 'for the demo';
    return { kind: 'install', packages, announce: `installing Debian's ${list(packages)} ${why} (about ${mb} MB)…` };
  }

  const lines = badVars.map(
    (s) => `${s.part.envVar}=${s.badVar} names no executable file: point it at the ${s.part.name} binary, or unset it.`,
  );
  const problems: string[] = [];
  const commands: string[] = [];
  if (missing.length > 0) problems.push(`${list(missing.map((part) => part.name))} not found`);
  if (missing.length > 0 && debian) commands.push(`sudo apt-get install -y ${packages.join(' ')}`);
  if (policyDir !== null) {
    problems.push(`the company-policy tests write to ${policyDir}, which this user cannot write`);
    commands.push(`sudo install -d -o "$USER" ${policyDir}`);
  }
  if (problems.length > 0) {
    const sentence = problems.join('; ');
    lines.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  if (commands.length > 0) lines.push(`Run:  ${commands.join(' && ')}`);
  else if (missing.length > 0) lines.push(`To fix: ${missing.map((part) => part.elsewhere).join('; ')}.`);
  if (missing.length > 0) {
    const variables = missing.map((part) => part.envVar).join(' and ');
    lines.push(missing.length === 1 ? `Or set ${variables} to the browser's binary.` : `Or set ${variables} to the browsers' binaries.`);
  }
  return { kind: 'stop', message: lines.join('\n') };
}
