/**
 * Running the property: fast-check finds and shrinks counterexamples (`checkEngine`), and a
 * small shrinker of our own narrows a scenario down for one violation kind (the fuzzer).
 */

import fc from 'fast-check';
import { describeScenario, describeViolation, runScenario, scenarioArb, type RunOptions, type Scenario } from './commands.ts';
import type { Violation, ViolationKind } from './oracle.ts';

export interface Found {
  seed: number;
  path: string | undefined;
  numRuns: number;
  scenario: Scenario;
  violation: Violation;
}

/** `bad(result)` decides what counts as a failure (default: any violation). */
export async function checkEngine(options: {
  seed: number;
  numRuns: number;
  maxCommands?: number;
  run?: RunOptions;
  bad?: (scenario: Scenario) => Promise<Violation | null>;
}): Promise<{ found: Found | null; numRuns: number }> {
  const bad =
    options.bad ??
    (async (s: Scenario) => {
      const r = await runScenario(s, options.run);
      return r.violations[0] ?? null;
    });
  const details = await fc.check(
    fc.asyncProperty(scenarioArb(options.maxCommands), async (s) => (await bad(s)) === null),
    { seed: options.seed, numRuns: options.numRuns, endOnFailure: true, markInterruptAsFailure: false },
  );
  if (!details.failed || details.counterexample === null) return { found: null, numRuns: details.numRuns };
  const [scenario] = details.counterexample;
  const violation = (await bad(scenario)) as Violation;
  return {
    found: { seed: details.seed, path: details.counterexamplePath ?? undefined, numRuns: details.numRuns, scenario, violation },
    numRuns: details.numRuns,
  };
}

export async function traceOf(scenario: Scenario, run: RunOptions = {}, maxLines = 120): Promise<string> {
  const lines: string[] = [];
  await runScenario(scenario, { ...run, trace: (l) => lines.push(l) });
  const cut = lines.findIndex((l) => l.includes('VIOLATION'));
  const end = cut === -1 ? lines.length : cut + 1;
  return lines.slice(Math.max(0, end - maxLines), end).join('\n');
}

export function report(found: Found, label = 'counterexample'): string {
  return [
    `${label}: ${describeViolation(found.violation)}`,
    `reproduce: fast-check seed ${found.seed}, path "${found.path ?? ''}"`,
    describeScenario(found.scenario),
  ].join('\n');
}

/** Greedy shrinking of a scenario that shows `kind`: drop commands, then zero gaps, then shorten waits. */
export async function shrinkForKind(
  scenario: Scenario,
  kind: ViolationKind,
  run: RunOptions = {},
  budget = 400,
): Promise<{ scenario: Scenario; violation: Violation }> {
  let tries = 0;
  const shows = async (s: Scenario): Promise<Violation | null> => {
    tries++;
    const r = await runScenario(s, { ...run, stopOnViolation: false });
    return r.violations.find((v) => v.kind === kind) ?? null;
  };
  let best = scenario;
  let violation = await shows(best);
  if (violation === null) throw new Error(`scenario does not show ${kind}`);
  const attempt = async (candidate: Scenario): Promise<boolean> => {
    if (tries >= budget) return false;
    const v = await shows(candidate);
    if (v === null) return false;
    best = candidate;
    violation = v;
    return true;
  };
  for (let chunk = Math.max(1, best.commands.length >> 1); chunk >= 1; chunk = chunk === 1 ? 0 : chunk >> 1) {
    for (let i = 0; i + chunk <= best.commands.length && tries < budget;) {
      const candidate = {
        ...best,
        commands: [...best.commands.slice(0, i), ...best.commands.slice(i + chunk)],
        gaps: [...best.gaps.slice(0, i), ...best.gaps.slice(i + chunk)],
      };
      if (candidate.commands.length > 0 && (await attempt(candidate))) continue;
      i++;
    }
  }
  for (let i = 0; i < best.gaps.length && tries < budget; i++) {
    if ((best.gaps[i] ?? 0) !== 0) await attempt({ ...best, gaps: best.gaps.map((g, j) => (j === i ? 0 : g)) });
  }
  for (let i = 0; i < best.commands.length && tries < budget; i++) {
    const cmd = best.commands[i];
    if (cmd !== undefined && (cmd.c === 'advance' || cmd.c === 'sleep') && cmd.ms > 1_000) {
      for (const ms of [0, Math.round(cmd.ms / 10), Math.round(cmd.ms / 2)]) {
        if (await attempt({ ...best, commands: best.commands.map((c, j) => (j === i ? { ...cmd, ms } : c)) })) break;
      }
    }
  }
  return { scenario: best, violation: violation };
}
