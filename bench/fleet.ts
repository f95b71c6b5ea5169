/**
 * Fleet simulation: many browsers running the real engine against one simulated dashboard,
 * on a virtual clock. Prints what a dashboard owner would ask: how many requests, how fast
 * the fleet recovers from an outage, whether anyone ignores a Retry-After, and how bursty the
 * retries are. `npm run bench` (figures in the closing notes).
 */

import { simulateBrowser, World, type Server, type SimBrowser } from './simulation.ts';

const START = Date.UTC(2026, 10, 24, 9, 0, 0);
const MIN = 60_000;

interface Logged {
  browser: number;
  at: number;
  status: number;
  retryAfterMs: number | null;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function peakPerSecond(log: Logged[], from = -Infinity, to = Infinity): number {
  const perSecond = new Map<number, number>();
  for (const r of log) if (r.at >= from && r.at < to) perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}

async function run(
  name: string,
  options: { browsers: number; clients: number; minutes: number; packedAlarms?: boolean },
  policy: (at: number) => { status: number; retryAfterS?: number },
): Promise<{ log: Logged[]; browsers: SimBrowser[]; cpuMs: number }> {
  const world = new World(START);
  const log: Logged[] = [];
  const server: Server = ({ browser, at }) => {
    const { status, retryAfterS } = policy(at);
    log.push({ browser, at, status, retryAfterMs: retryAfterS === undefined ? null : retryAfterS * 1000 });
    const headers: Record<string, string> = retryAfterS === undefined ? {} : { 'Retry-After': String(retryAfterS) };
    return {
      status,
      headers,
      body: status === 200 ? { ordersSynced: 2 } : { error: 'simulated' },
      latencyMs: 40 + (browser % 7) * 15,
    };
  };
  const cpu = process.cpuUsage();
  const browsers: SimBrowser[] = [];
  for (let i = 0; i < options.browsers; i++) {
    const b = simulateBrowser(world, i, server, { packedAlarms: options.packedAlarms ?? true });
    browsers.push(b);
    // Admins open the dashboard over the first minute.
    world.schedule(START + Math.floor((i / options.browsers) * MIN), () => {
      void b.engine.setContext({ clientId: `client-${i % options.clients}`, clientName: null, isAdmin: true });
    });
  }
  await world.runUntil(START + options.minutes * MIN);
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`\n## ${name}: ${options.browsers} browsers, ${options.clients} clients, ${options.minutes} simulated minutes, ${log.length} requests, ${cpuMs.toFixed(0)} ms CPU`);
  return { log, browsers, cpuMs };
}

/** Requests a browser sent before the Retry-After it was given had passed. */
function retryAfterViolations(log: Logged[]): number {
  const notBefore = new Map<number, number>();
  let violations = 0;
  for (const r of log) {
    if (r.at < (notBefore.get(r.browser) ?? -Infinity)) violations++;
    if (r.status === 429 && r.retryAfterMs !== null) notBefore.set(r.browser, r.at + r.retryAfterMs);
  }
  return violations;
}

async function main(): Promise<void> {
  console.log('# Toast Sync Companion: fleet simulation (packed-build alarm clamping on)');

  {
    const { log, browsers, cpuMs } = await run('steady', { browsers: 200, clients: 20, minutes: 60 }, () => ({ status: 200 }));
    const perBrowser = log.length / browsers.length;
    const gaps: number[] = [];
    const last = new Map<number, number>();
    for (const r of log) {
      const prev = last.get(r.browser);
      if (prev !== undefined) gaps.push(r.at - prev);
      last.set(r.browser, r.at);
    }
    console.log(`- requests per browser per hour: ${perBrowser.toFixed(1)} (ideal 60 plus the first)`);
    console.log(`- gap between a browser's syncs: p50 ${(percentile(gaps, 50) / 1000).toFixed(2)} s, max ${(percentile(gaps, 100) / 1000).toFixed(2)} s`);
    console.log(`- peak requests in any second: ${peakPerSecond(log)}`);
    console.log(`- speed: ${((browsers.length * 60) / 60 / (cpuMs / 1000)).toFixed(0)} simulated browser-hours per CPU second`);
  }

  {
    const outageFrom = START + 10 * MIN;
    const outageTo = START + 20 * MIN;
    const { log, browsers } = await run('outage', { browsers: 200, clients: 20, minutes: 40 }, (at) => ({
      status: at >= outageFrom && at < outageTo ? 503 : 200,
    }));
    const during = log.filter((r) => r.at >= outageFrom && r.at < outageTo);
    const recovery = browsers.map((b) => (log.find((r) => r.browser === b.id && r.at >= outageTo && r.status === 200)?.at ?? Infinity) - outageTo);
    console.log(`- requests per browser during the 10-minute 503 outage: ${(during.length / browsers.length).toFixed(1)} (backoff 1→32 s, then every 32 s + jitter)`);
    console.log(`- time from the end of the outage to each browser's first success: p50 ${(percentile(recovery, 50) / 1000).toFixed(1)} s, max ${(percentile(recovery, 100) / 1000).toFixed(1)} s`);
    console.log(`- peak requests in any second during the outage: ${peakPerSecond(log, outageFrom, outageTo)}`);
  }

  {
    const stormFrom = START + 10 * MIN;
    const stormTo = START + 12 * MIN;
    const { log, browsers } = await run('rate-limit storm', { browsers: 200, clients: 20, minutes: 30 }, (at) =>
      at >= stormFrom && at < stormTo ? { status: 429, retryAfterS: 120 } : { status: 200 },
    );
    const limited = log.filter((r) => r.status === 429);
    console.log(`- 429 answers (Retry-After: 120) in the 2-minute storm: ${limited.length}, ${(limited.length / browsers.length).toFixed(2)} per browser`);
    console.log(`- requests sent before their Retry-After had passed: ${retryAfterViolations(log)}`);
    console.log(`- peak requests in any second after the storm: ${peakPerSecond(log, stormTo, stormTo + 5 * MIN)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
