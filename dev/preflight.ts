/**
 * The first step of `npm test` and `npm start`: finds the browsers they drive, installs the
 * missing ones as root on Debian or Ubuntu (apt's output kept in a log file, one line shown),
 * and otherwise stops at once with exit code 1 and the one command to run. The decisions are
 * dev/preflight-plan.ts; this file reads the machine and carries them out.
 */

import { spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { planPreflight, type MachineFacts, type Purpose } from './preflight-plan.ts';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The folder, or the nearest ancestor that exists (where it would be created), is writable. */
function isWritable(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(at)) {
      try {
        accessSync(at, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    if (dirname(at) === at) return false;
  }
}

function isDebianLike(): boolean {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

export function machineFacts(): MachineFacts {
  return {
    platform: process.platform,
    env: process.env,
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    debianLike: process.platform === 'linux' && isDebianLike(),
    executable: isExecutable,
    writable: isWritable,
  };
}

export class PreflightStop extends Error {}

/** Runs apt-get with its output in `log`; on a terminal, one line follows what dpkg is doing. */
function apt(args: string[], log: NodeJS.WritableStream, show: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const follow = (chunk: Buffer): void => {
      log.write(chunk);
      const step = /^(Get:\d+ \S+ \S+ \S+ (\S+)|Unpacking (\S+)|Setting up (\S+))/m.exec(chunk.toString('utf8'));
      if (step !== null) show(step[0].replace(/^Get:\d+ \S+ \S+ \S+ /, 'downloading '));
    };
    child.stdout.on('data', follow);
    child.stderr.on('data', follow);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`apt-get ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * Installs with apt's output in a log file. In the foreground a terminal shows one line that
 * follows what apt is doing; in the background (other steps printing meanwhile) nothing until done.
 */
async function install(packages: string[], announce: string, background: boolean): Promise<void> {
  const logPath = join(tmpdir(), `toast-sync-apt-${Date.now()}.log`);
  const log = createWriteStream(logPath);
  const live = process.stdout.isTTY && !background;
  const clear = (): void => void (live && process.stdout.write('\r\x1b[2K'));
  const show = (line: string): void => {
    if (live) process.stdout.write(`\r\x1b[2K  ${line.slice(0, (process.stdout.columns || 80) - 3)}`);
  };
  console.log(`preflight: ${announce}${background ? ' in the background; the checks that need no browser go on meanwhile' : ''}`);
  const started = performance.now();
  try {
    await apt(['update', '-qq'], log, show);
    await apt(['install', '-y', '-q', ...packages], log, show);
  } catch (error) {
    clear();
    throw new PreflightStop(`${error instanceof Error ? error.message : String(error)}; apt's full output is in ${logPath}`);
  } finally {
    log.end();
  }
  clear();
  console.log(
    `preflight: installed ${packages.join(', ')} in ${((performance.now() - started) / 1000).toFixed(0)} s (apt's log: ${logPath})`,
  );
}

export interface Preflight {
  /** Resolves with the parts (name → path) once they are all there: at once, or after an install. */
  ready: Promise<Record<string, string>>;
  /** An install is under way. */
  installing: boolean;
}

/**
 * Decides at once: throws PreflightStop when the machine cannot be set up from here, so nothing
 * else runs. An install it starts goes on while the caller does what needs no browser.
 */
export function startPreflight(purpose: Purpose, options: { background?: boolean } = {}, facts: MachineFacts = machineFacts()): Preflight {
  const plan = planPreflight(purpose, facts);
  if (plan.kind === 'stop') throw new PreflightStop(plan.message);
  if (plan.kind === 'ready') return { ready: Promise.resolve(plan.found), installing: false };
  const ready = install(plan.packages, plan.announce, options.background ?? false).then(() => {
    const after = planPreflight(purpose, facts);
    if (after.kind === 'ready') return after.found;
    throw new PreflightStop(
      after.kind === 'stop' ? after.message : `apt-get installed ${plan.packages.join(', ')}, yet they are not found`,
    );
  });
  // Awaited later by the caller; until then a failure must not count as unhandled.
  ready.catch(() => undefined);
  return { ready, installing: true };
}

/** The same in the foreground: resolves once everything is there. */
export function preflight(purpose: Purpose): Promise<Record<string, string>> {
  return startPreflight(purpose).ready;
}
