/**
 * The commands of a run (plain data, so fast-check can generate, shrink and print them), the
 * runner that plays a sequence against the simulated browser, and plain-words rendering.
 */

import fc from 'fast-check';
import { CORRUPT_KINDS, Sim, StopRun, type CorruptKind, type DashAnswer, type EngineFactory, type RateHeader } from './sim.ts';
import type { Violation } from './oracle.ts';

export type Command =
  | { c: 'advance'; ms: number }
  | { c: 'sleep'; ms: number }
  | { c: 'alarmEarly' }
  | { c: 'alarmStray' }
  | { c: 'syncNow'; n: number; gapMs: number; via: 'popup' | 'page' | 'shortcut' }
  | { c: 'context'; clientId: 'c1' | 'c2' | null; isAdmin: boolean | null }
  | { c: 'pause' }
  | { c: 'resume' }
  | { c: 'offline' }
  | { c: 'online' }
  | { c: 'lock' }
  | { c: 'unlock' }
  | { c: 'interval'; seconds: number }
  | { c: 'pin'; clientId: '' | 'c1' | 'c3' }
  | { c: 'dashboardUrl'; url: '' | 'https://crm.example.com' | 'https://other.example.org' }
  | { c: 'pauseWhenLocked'; on: boolean }
  | { c: 'pageSync'; status: 200 | 429 | 500; h: RateHeader; s: number; client: 'current' | 'other' | 'unreadable'; latencyMs: number }
  | { c: 'kill'; force: boolean }
  | { c: 'restart'; downMs: number }
  | { c: 'failWrites'; n: number }
  | { c: 'corrupt'; kind: CorruptKind }
  | { c: 'clockJump'; ms: number }
  | { c: 'dashboard'; answer: DashAnswer };

const BAD_RETRY_AFTER = ['wait 10', 'soon', '10s', 'Tue 10', 'in 5 minutes', 'NaN'];

const rateHeader = fc.constantFrom<RateHeader>('none', 'ra-s', 'ra-date', 'ra-bad', 'ra-neg', 'reset');

export const dashAnswerArb: fc.Arbitrary<DashAnswer> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        k: fc.constant('ok' as const),
        poll: fc.option(fc.constantFrom(45, 120, 600, 86_400), { nil: undefined }),
        cachedS: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      },
      { requiredKeys: ['k'] },
    ),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'login' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'redirect' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('status' as const),
      status: fc.constantFrom(401 as const, 403 as const, 404 as const, 500 as const, 502 as const, 503 as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'malformed' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'neterr' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('slow' as const), ms: fc.integer({ min: 20_000, max: 40_000 }) }) },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        k: fc.constant('429' as const),
        h: rateHeader,
        s: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 600, max: 3_600 })),
        bad: fc.option(fc.constantFrom(...BAD_RETRY_AFTER), { nil: undefined }),
      },
      { requiredKeys: ['k', 'h', 's'] },
    ),
  },
);

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      c: fc.constant('advance' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 5_000, max: 120_000 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ c: fc.constant('advance' as const), ms: fc.integer({ min: 120_000, max: 2 * 3600_000 }) }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('sleep' as const), ms: fc.integer({ min: 60_000, max: 3 * 3600_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ c: 'alarmEarly' as const }) },
  { weight: 1, arbitrary: fc.constant({ c: 'alarmStray' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      c: fc.constant('syncNow' as const),
      n: fc.integer({ min: 1, max: 4 }),
      gapMs: fc.integer({ min: 0, max: 3_000 }),
      via: fc.constantFrom('popup' as const, 'page' as const, 'shortcut' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      c: fc.constant('context' as const),
      clientId: fc.constantFrom('c1' as const, 'c2' as const, null),
      isAdmin: fc.constantFrom(true, true, false, null),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ c: 'pause' as const }) },
  { weight: 1, arbitrary: fc.constant({ c: 'resume' as const }) },
  { weight: 1, arbitrary: fc.constant({ c: 'offline' as const }) },
  { weight: 2, arbitrary: fc.constant({ c: 'online' as const }) },
  { weight: 1, arbitrary: fc.constant({ c: 'lock' as const }) },
  { weight: 1, arbitrary: fc.constant({ c: 'unlock' as const }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('interval' as const), seconds: fc.constantFrom(30, 60, 90, 300, 3600) }) },
  {
    weight: 1,
    arbitrary: fc.record({ c: fc.constant('pin' as const), clientId: fc.constantFrom('' as const, 'c1' as const, 'c3' as const) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      c: fc.constant('dashboardUrl' as const),
      url: fc.constantFrom('' as const, 'https://crm.example.com' as const, 'https://other.example.org' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('pauseWhenLocked' as const), on: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      c: fc.constant('pageSync' as const),
      status: fc.constantFrom(200 as const, 429 as const, 500 as const),
      h: rateHeader,
      s: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 600, max: 3_600 })),
      client: fc.constantFrom('current' as const, 'current' as const, 'other' as const, 'unreadable' as const),
      latencyMs: fc.integer({ min: 30, max: 3_000 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ c: fc.constant('kill' as const), force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('restart' as const), downMs: fc.integer({ min: 1_000, max: 2 * 3600_000 }) }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('failWrites' as const), n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('corrupt' as const), kind: fc.constantFrom(...CORRUPT_KINDS) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      c: fc.constant('clockJump' as const),
      ms: fc.constantFrom(-24 * 3600_000, -3600_000, -120_000, 120_000, 3600_000, 24 * 3600_000),
    }),
  },
  { weight: 4, arbitrary: fc.record({ c: fc.constant('dashboard' as const), answer: dashAnswerArb }) },
);

export interface Scenario {
  seed: number;
  /** Gap after each command (ms), so commands land between the engine's awaits. */
  gaps: number[];
  commands: Command[];
}

export function scenarioArb(maxCommands = 30): fc.Arbitrary<Scenario> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    commands: fc.array(commandArb, { minLength: 1, maxLength: maxCommands }),
    gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 50, max: 2_000 })), {
      minLength: maxCommands,
      maxLength: maxCommands,
    }),
  });
}

export interface RunOptions {
  engine?: EngineFactory;
  packedAlarms?: boolean;
  stopOnViolation?: boolean;
  /** Virtual time played after the last command, so stalls surface. */
  tailMs?: number;
  maxEvents?: number;
  trace?: (line: string) => void;
}

export interface RunResult {
  violations: Violation[];
  notes: string[];
  virtualMs: number;
  steps: number;
  requests: number;
  runaway: boolean;
}

/** Unhandled rejections inside a simulated worker are noted, not crashes of the test process. */
async function withRejectionsCaptured<T>(notes: string[], body: () => Promise<T>): Promise<T> {
  // The engine logs its troubles (console.warn/error): keep them as notes, not noise.
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => void notes.push(`console.warn: ${args.map(String).join(' ').slice(0, 200)}`);
  console.error = (...args: unknown[]) => void notes.push(`console.error: ${args.map(String).join(' ').slice(0, 200)}`);
  const saved = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  const listener = (reason: unknown): void => {
    notes.push(`unhandled rejection in a worker: ${reason instanceof Error ? reason.message : String(reason)}`);
  };
  process.on('unhandledRejection', listener);
  try {
    return await body();
  } finally {
    // Rejections are reported one turn after they happen: collect the last ones too.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    process.removeListener('unhandledRejection', listener);
    console.warn = warn;
    console.error = error;
    for (const l of saved) process.on('unhandledRejection', l as (...args: unknown[]) => void);
  }
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const sim = new Sim({
    seed: scenario.seed,
    engine: options.engine,
    packedAlarms: options.packedAlarms,
    stopOnViolation: options.stopOnViolation ?? true,
    maxEvents: options.maxEvents,
    trace: options.trace,
  });
  const start = sim.t;
  let runaway = false;
  await withRejectionsCaptured(sim.notes, async () => {
    try {
      // Every run starts like a browser with the extension installed and the dashboard open on c1.
      sim.wake();
      await sim.advance(0);
      sim.setContext('c1', true);
      await sim.advance(0);
      for (let i = 0; i < scenario.commands.length; i++) {
        sim.trace(`COMMAND ${i + 1}: ${describeCommand(scenario.commands[i] as Command)}`);
        await play(sim, scenario.commands[i] as Command);
        await sim.advance(scenario.gaps[i] ?? 0);
      }
      await sim.advance(options.tailMs ?? 20 * 60_000);
    } catch (error) {
      if (!(error instanceof StopRun)) throw error;
      if (error.message === 'runaway') runaway = true;
    }
  });
  return {
    violations: sim.violations,
    notes: sim.notes,
    virtualMs: sim.t - start,
    steps: sim.stats.events,
    requests: sim.stats.requests,
    runaway,
  };
}

async function play(sim: Sim, cmd: Command): Promise<void> {
  switch (cmd.c) {
    case 'advance':
      return sim.advance(cmd.ms);
    case 'sleep':
      return sim.sleep(cmd.ms);
    case 'alarmEarly':
      return sim.alarmEarly();
    case 'alarmStray':
      return sim.alarmStray();
    case 'syncNow':
      for (let i = 0; i < cmd.n; i++) {
        sim.syncNow(cmd.via === 'shortcut' ? 'shortcut' : 'manual');
        if (i < cmd.n - 1) await sim.advance(cmd.gapMs);
      }
      return;
    case 'context':
      return sim.setContext(cmd.clientId, cmd.clientId === null ? null : cmd.isAdmin);
    case 'pause':
      return sim.setPaused(true);
    case 'resume':
      return sim.setPaused(false);
    case 'offline':
      return sim.setNetwork(false);
    case 'online':
      return sim.setNetwork(true);
    case 'lock':
      return sim.setLocked(true);
    case 'unlock':
      return sim.setLocked(false);
    case 'interval':
      return sim.changeSettings({ intervalSeconds: cmd.seconds });
    case 'pin':
      return sim.changeSettings({ pinnedClientId: cmd.clientId, pinnedClientName: cmd.clientId === '' ? '' : `Pinned ${cmd.clientId}` });
    case 'dashboardUrl':
      return sim.changeSettings({ dashboardUrl: cmd.url });
    case 'pauseWhenLocked':
      return sim.changeSettings({ pauseWhenLocked: cmd.on });
    case 'pageSync':
      return sim.pageSync(cmd.status, cmd.h, cmd.s, cmd.client, cmd.latencyMs);
    case 'kill':
      return sim.killWorker(cmd.force);
    case 'restart':
      return sim.restartBrowser(cmd.downMs);
    case 'failWrites':
      return sim.failWrites(cmd.n);
    case 'corrupt':
      return sim.corrupt(cmd.kind);
    case 'clockJump':
      return sim.clockJump(cmd.ms);
    case 'dashboard':
      sim.server = cmd.answer;
      return;
  }
}

// ---- plain words ----

function dur(ms: number): string {
  const a = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (a < 1_000) return `${sign}${a} ms`;
  if (a < 120_000) return `${sign}${+(a / 1000).toFixed(1)} s`;
  if (a < 2 * 3600_000) return `${sign}${+(a / 60_000).toFixed(1)} min`;
  return `${sign}${+(a / 3600_000).toFixed(1)} h`;
}

function answerWords(a: DashAnswer): string {
  switch (a.k) {
    case 'ok':
      return `200 JSON${a.poll !== undefined ? `, X-Poll-Interval ${a.poll}` : ''}${a.cachedS !== undefined ? `, syncedAt ${a.cachedS} s ago` : ''}`;
    case 'login':
      return '200 login page (HTML)';
    case 'redirect':
      return 'a redirect to /login';
    case 'status':
      return `HTTP ${a.status}`;
    case 'malformed':
      return '200 with malformed JSON';
    case 'neterr':
      return 'network errors';
    case 'slow':
      return `200 after ${dur(a.ms)}`;
    case '429':
      return `429 ${headerWords(a.h, a.s, a.bad)}`;
  }
}

function headerWords(h: RateHeader, s: number, bad = 'wait 10'): string {
  switch (h) {
    case 'none':
      return 'without a header';
    case 'ra-s':
      return `Retry-After: ${s}`;
    case 'ra-neg':
      return `Retry-After: -${s}`;
    case 'ra-date':
      return `Retry-After as an HTTP date ${s} s ahead`;
    case 'ra-bad':
      return `Retry-After: "${bad}"`;
    case 'reset':
      return `X-Toast-RateLimit-Reset ${s} s ahead`;
  }
}

export function describeCommand(cmd: Command): string {
  switch (cmd.c) {
    case 'advance':
      return `wait ${dur(cmd.ms)}`;
    case 'sleep':
      return `the machine sleeps ${dur(cmd.ms)}`;
    case 'alarmEarly':
      return 'the pending alarm fires now (early)';
    case 'alarmStray':
      return 'a stray alarm event';
    case 'syncNow':
      return `Sync Now ×${cmd.n} from the ${cmd.via}${cmd.n > 1 ? ` (${dur(cmd.gapMs)} apart)` : ''}`;
    case 'context':
      return cmd.clientId === null
        ? 'the page reports no client'
        : `the page reports client ${cmd.clientId}, isAdmin ${String(cmd.isAdmin)}`;
    case 'pause':
      return 'admin pauses';
    case 'resume':
      return 'admin resumes';
    case 'offline':
      return 'network goes offline';
    case 'online':
      return 'network comes back (online event)';
    case 'lock':
      return 'screen locks';
    case 'unlock':
      return 'screen unlocks';
    case 'interval':
      return `interval set to ${cmd.seconds} s`;
    case 'pin':
      return cmd.clientId === '' ? 'pin removed' : `client ${cmd.clientId} pinned`;
    case 'dashboardUrl':
      return `dashboard URL set to ${cmd.url === '' ? '(default)' : cmd.url}`;
    case 'pauseWhenLocked':
      return `pause-when-locked ${cmd.on ? 'on' : 'off'}`;
    case 'pageSync':
      return `the page's own sync (${cmd.client} client) answers ${cmd.status}${cmd.status === 429 ? ` ${headerWords(cmd.h, cmd.s)}` : ''} after ${dur(cmd.latencyMs)}`;
    case 'kill':
      return cmd.force ? 'worker killed (even mid-work)' : 'worker stopped if idle';
    case 'restart':
      return `browser restarts (closed ${dur(cmd.downMs)})`;
    case 'failWrites':
      return `the next ${cmd.n} storage write(s) fail`;
    case 'corrupt':
      return `stored state corrupted: ${cmd.kind}`;
    case 'clockJump':
      return `system clock jumps ${cmd.ms > 0 ? 'forward' : 'back'} ${dur(Math.abs(cmd.ms))}`;
    case 'dashboard':
      return `dashboard now answers ${answerWords(cmd.answer)}`;
  }
}

export function describeScenario(s: Scenario): string {
  const lines = [`seed ${s.seed}; start: worker starts, page reports client c1 (admin)`];
  s.commands.forEach((cmd, i) => {
    const gap = s.gaps[i] ?? 0;
    lines.push(`${i + 1}. ${describeCommand(cmd)}${gap > 0 ? ` (+${dur(gap)})` : ''}`);
  });
  lines.push('then: 20 min pass');
  return lines.join('\n');
}

export function describeViolation(v: Violation): string {
  return `[${v.kind}] at +${dur(v.at)}: ${v.detail}`;
}
