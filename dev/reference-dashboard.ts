/**
 * The reference dashboard: the real Next.js 16 app in examples/crm-dashboard, built once
 * (cached by a hash of its sources) and started with `next start` for end-to-end tests.
 *
 * Tests drive it through its test controls (/__control/*, on only with CRM_TEST_CONTROLS=1):
 * the log of every sync request, and scripted answers (faults) for the next requests.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REFERENCE_DASHBOARD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../examples/crm-dashboard');

/** Written into .next after a successful build: the source hash that build came from. */
const HASH_FILE = join('.next', 'toast-sync-source-hash');
/** Written into node_modules after `npm ci`: the hash of the package-lock.json it installed. */
const LOCK_STAMP = join('node_modules', '.toast-sync-lock-hash');
/** Neither sources nor inputs: build output, dependencies, files the build itself rewrites. */
const SKIPPED = new Set(['node_modules', '.next', 'next-env.d.ts', '.git']);

const LOG_PREFIX = 'reference dashboard:';

/** One POST /api/toast/sync as the dashboard saw it (GET /__control/syncs). */
export interface SyncRecord {
  /** Date.now() when the request arrived. */
  atMs: number;
  /** Same, ISO. */
  at: string;
  /** From the JSON body, null if absent/invalid. */
  clientId: string | null;
  /** The Origin request header. */
  origin: string | null;
  /** A valid session cookie was present when the request arrived. */
  cookie: boolean;
  /** HTTP status answered; 0 when the client went away before an answer. */
  status: number;
  durationMs: number;
  /** 0 unless success. */
  ordersSynced: number;
  /** The fault kind applied, if any. */
  fault: string | null;
  /** Answered from a recent pull of the client (or one under way): no Toast call. */
  cached: boolean;
}

export type Fault =
  | { kind: 'rate-limit'; count?: number; retryAfter?: string | number; toastReset?: number }
  | { kind: 'server-error'; count?: number; body?: 'html' | 'json'; message?: string } // message: the JSON body's `error` (tests use it for hostile text)
  | { kind: 'slow'; count?: number; ms: number }
  | { kind: 'login-page'; count?: number }
  | { kind: 'malformed-json'; count?: number }
  | { kind: 'expire-session'; count?: number }
  | { kind: 'redirect'; count?: number }
  | { kind: 'poll-interval'; count?: number; seconds: number };

/** A running reference dashboard and its test controls. */
export interface ReferenceDashboard {
  /** e.g. 'http://localhost:3200' (host name localhost; the server listens on 127.0.0.1). */
  url: string;
  port: number;
  /** Every POST /api/toast/sync answered so far, in arrival order. */
  syncs(): Promise<SyncRecord[]>;
  /** Sync requests that have arrived and are still waiting for their answer (a `slow` fault's, say). */
  inFlight(): Promise<SyncRecord[]>;
  /** Queue: each fault applies to the next `count` (default 1) sync requests, in order. */
  script(fault: Fault | Fault[]): Promise<void>;
  clearFaults(): Promise<void>;
  /** Clear log and faults (sessions kept). */
  reset(): Promise<void>;
  /** Everything as a freshly started server has it (sessions, orders, pulls, log, faults), with these settings. */
  restart(options: { announce: boolean; freshSeconds: number }): Promise<void>;
  setAnnounce(on: boolean): Promise<void>;
  /** Every session ends. */
  expireSessions(): Promise<void>;
  /** A colleague's sync of the client, made on the server: pulls unless a pull is fresh. Returns its syncedAt. */
  colleagueSync(clientId: string): Promise<string>;
  /** Stops the server and its whole process group. */
  close(): Promise<void>;
}

// ── Building ──────────────────────────────────────────────────────────────────────────────

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk(dir);
  // Sorted by their relative path in POSIX form: the hash is the same on every machine.
  return found.map((p) => relative(dir, p).split(sep).join('/')).sort();
}

/** One hash over every source file's path and content (app/, lib/, proxy.ts, the lockfile…). */
export function referenceDashboardSourceHash(dir = REFERENCE_DASHBOARD_DIR): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(dir)) {
    hash.update(`${file}\u0000`);
    hash.update(readFileSync(join(dir, file)));
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Runs a command, its output kept; on failure the error carries the output's tail. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolvePromise();
        return;
      }
      const text = Buffer.concat(output).toString('utf8');
      const tail = text.length > 8000 ? `…${text.slice(-8000)}` : text;
      reject(new Error(`\`${[command, ...args].join(' ')}\` in ${cwd} failed (${signal ?? `exit ${code}`}):\n${tail}`));
    });
  });
}

/** A lock between processes: mkdir is atomic. Stale locks (a killed build) expire. */
async function withLock<T>(name: string, work: () => Promise<T>, staleMs = 10 * 60_000): Promise<T> {
  const lock = join(tmpdir(), `toast-sync-${name}.lock`);
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) rmSync(lock, { recursive: true, force: true });
      else if (waited === 0) console.log(`${LOG_PREFIX} waiting for another process's build (${lock})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function npmCommand(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** `npm ci` unless node_modules already holds what package-lock.json says. */
async function ensureDependencies(dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const lockHash = sha256(readFileSync(join(dir, 'package-lock.json')));
  const stampPath = join(dir, LOCK_STAMP);
  const stamp = readText(stampPath);
  if (stamp === lockHash) return false;
  const installed = statSync(join(dir, 'node_modules', '.package-lock.json'), { throwIfNoEntry: false });
  const lock = statSync(join(dir, 'package-lock.json'));
  // Installed by hand (npm install/ci) after the lockfile last changed: trust it, once.
  if (stamp === null && installed !== undefined && installed.mtimeMs >= lock.mtimeMs) {
    writeFileSync(stampPath, `${lockHash}\n`);
    return false;
  }
  // --include=dev: the build needs TypeScript and the @types even when NODE_ENV=production.
  await run(npmCommand(), ['ci', '--include=dev', '--no-audit', '--no-fund'], dir, env);
  writeFileSync(stampPath, `${lockHash}\n`);
  return true;
}

/**
 * Installs the example's dependencies if needed (`npm ci`), then runs `next build` unless the
 * last successful build came from the same sources. Prints one line saying which.
 */
export async function ensureReferenceDashboardBuilt(): Promise<void> {
  const dir = REFERENCE_DASHBOARD_DIR;
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`No reference dashboard at ${dir}`);
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  await withLock(`reference-dashboard-${sha256(dir).slice(0, 12)}`, async () => {
    const started = performance.now();
    const installed = await ensureDependencies(dir, process.env);
    const hash = referenceDashboardSourceHash(dir);
    const hashPath = join(dir, HASH_FILE);
    const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);
    const npmNote = installed ? ' (after npm ci)' : '';
    if (readText(hashPath) === hash && existsSync(join(dir, '.next', 'BUILD_ID'))) {
      console.log(`${LOG_PREFIX} reusing the cached build (sources unchanged, checked in ${seconds()} s)${npmNote}`);
      return;
    }
    // Gone before the build starts, written after it succeeded: a failed or interrupted build
    // never looks current.
    rmSync(hashPath, { force: true });
    await run(process.execPath, [join(dir, 'node_modules', '.bin', 'next'), 'build'], dir, env);
    writeFileSync(hashPath, `${hash}\n`);
    console.log(`${LOG_PREFIX} built with next build in ${seconds()} s${npmNote}`);
  });
}

// ── Running ───────────────────────────────────────────────────────────────────────────────

export interface ReferenceDashboardOptions {
  port: number;
  /** Default true: pages post the toast-sync:context announcement. */
  announceContext?: boolean;
  /** Extra environment for the server (e.g. TOAST_SYNC_EXTENSION_ORIGINS, SESSION_SECRET). */
  env?: Record<string, string>;
  /**
   * How long a pull of a client answers for it (CRM_SYNC_FRESH_SECONDS). Default 60, what a
   * real deployment would use; 0 makes every sync pull from Toast.
   */
  freshSeconds?: number;
  /** Default 30 s. */
  startTimeoutMs?: number;
}

const LOOPBACK = '127.0.0.1';

/** Fails clearly when something already listens on the port (either loopback). */
async function assertPortFree(port: number): Promise<void> {
  const tryListen = (host: string): Promise<NodeJS.ErrnoException | null> =>
    new Promise((resolvePromise) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) => resolvePromise(error));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolvePromise(null)));
    });
  for (const host of [LOOPBACK, '::1']) {
    const error = await tryListen(host);
    if (error === null || error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') continue;
    if (error.code === 'EADDRINUSE') {
      throw new Error(`${LOG_PREFIX} port ${port} is already in use on ${host}: stop whatever listens there, or pick another port`);
    }
    throw error;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole group: next start and anything it spawned
  } catch {
    // already gone
  }
}

async function control(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${base}/__control/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${LOG_PREFIX} ${method} /__control/${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/**
 * Starts the built reference dashboard with `next start` on 127.0.0.1:<port>, test controls
 * on. Call ensureReferenceDashboardBuilt() first.
 */
export async function startReferenceDashboard(options: ReferenceDashboardOptions): Promise<ReferenceDashboard> {
  const { port } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new RangeError(`Invalid port: ${port}`);
  const dir = REFERENCE_DASHBOARD_DIR;
  if (!existsSync(join(dir, '.next', 'BUILD_ID'))) {
    throw new Error(`${LOG_PREFIX} no build in ${dir}/.next: call ensureReferenceDashboardBuilt() first`);
  }
  await assertPortFree(port);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    CRM_TEST_CONTROLS: '1',
    CRM_ANNOUNCE_CONTEXT: (options.announceContext ?? true) ? '1' : '0',
    CRM_SYNC_FRESH_SECONDS: String(options.freshSeconds ?? 60),
  };
  const child = spawn(process.execPath, [join(dir, 'node_modules', '.bin', 'next'), 'start', '-H', LOOPBACK, '-p', String(port)], {
    cwd: dir,
    env,
    detached: true, // its own process group, so close() can end all of it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test run that dies must not leave a server behind on the port.
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);

  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  // Set when the process is gone (an object: the callbacks write it, the loop below reads it).
  const ended: { how: string | null } = { how: null };
  child.once('exit', (code, signal) => {
    ended.how = signal ?? `exit ${code}`;
  });
  child.once('error', (error) => {
    output += `\n${error.message}`;
    ended.how ??= 'spawn error';
  });

  const base = `http://${LOOPBACK}:${port}`;
  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // any straggler in the group
    process.off('exit', killOnExit);
  };

  const started = performance.now();
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (ended.how !== null) {
      process.off('exit', killOnExit);
      throw new Error(`${LOG_PREFIX} next start ended (${ended.how}) before answering:\n${output}`);
    }
    const ready = await fetch(`${base}/__control/syncs`, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${LOG_PREFIX} next start did not answer on ${base} within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`${LOG_PREFIX} next start answering on port ${port} after ${Math.round(performance.now() - started)} ms`);

  let closed: Promise<void> | null = null;
  return {
    url: `http://localhost:${port}`,
    port,
    async syncs() {
      return (await (await control(base, 'GET', 'syncs')).json()) as SyncRecord[];
    },
    async inFlight() {
      return (await (await control(base, 'GET', 'in-flight')).json()) as SyncRecord[];
    },
    async script(fault) {
      // The dashboard validates it: a malformed fault is a 400 and throws here.
      await control(base, 'POST', 'faults', fault);
    },
    async clearFaults() {
      await control(base, 'DELETE', 'faults');
    },
    async reset() {
      await control(base, 'POST', 'reset');
    },
    async restart(settings) {
      await control(base, 'POST', 'restart', settings);
    },
    async setAnnounce(on) {
      await control(base, 'POST', 'announce', { on });
    },
    async expireSessions() {
      await control(base, 'POST', 'expire-sessions');
    },
    async colleagueSync(clientId) {
      const answer = (await (await control(base, 'POST', 'pull', { clientId })).json()) as { syncedAt: string };
      return answer.syncedAt;
    },
    close() {
      closed ??= stop();
      return closed;
    },
  };
}
