/**
 * Long model-based run of the real sync engine (tests/property): random sequences until the
 * time or run budget is spent, then violations by kind with a shrunk counterexample for each.
 *
 *   tsx dev/fuzz.ts --minutes 10
 *   tsx dev/fuzz.ts --runs 100000 [--seed 42] [--commands 40] [--unpacked] [--trace]
 *   tsx dev/fuzz.ts --replay '<scenario JSON>'   (trace one printed counterexample, step by step)
 */

import fc from 'fast-check';
import { describeScenario, describeViolation, runScenario, scenarioArb, type Scenario } from '../tests/property/commands.ts';
import { shrinkForKind, traceOf } from '../tests/property/check.ts';
import type { Violation, ViolationKind } from '../tests/property/oracle.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const minutes = Number(arg('minutes') ?? (arg('runs') === undefined ? 10 : Infinity));
const maxRuns = Number(arg('runs') ?? Infinity);
const seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
const maxCommands = Number(arg('commands') ?? 40);
const packedAlarms = !process.argv.includes('--unpacked');
const withTrace = process.argv.includes('--trace');

const replay = arg('replay');
if (replay !== undefined) {
  const scenario = JSON.parse(replay) as Scenario;
  console.log(describeScenario(scenario));
  console.log(`--- trace ---\n${await traceOf(scenario, { packedAlarms, stopOnViolation: false }, Number(arg('lines') ?? 400))}`);
  const r = await runScenario(scenario, { packedAlarms, stopOnViolation: false });
  for (const v of r.violations) console.log(describeViolation(v));
  process.exit(r.violations.length === 0 ? 0 : 1);
}

const started = Date.now();
const deadline = started + minutes * 60_000;
const byKind = new Map<ViolationKind, { sequences: number; first: { scenario: Scenario; violation: Violation } }>();
let runs = 0;
let steps = 0;
let virtualMs = 0;
let requests = 0;
let runaways = 0;
let lastPrint = started;

console.log(
  `fuzz: seed ${seed}, ${Number.isFinite(minutes) ? `${minutes} min` : `${maxRuns} runs`}, up to ${maxCommands} commands, ${packedAlarms ? 'packed' : 'unpacked'} alarms`,
);
let batch = 0;
outer: while (Date.now() < deadline && runs < maxRuns) {
  for (const scenario of fc.sample(scenarioArb(maxCommands), { seed: seed + batch++, numRuns: 200 })) {
    if (Date.now() >= deadline || runs >= maxRuns) break outer;
    const r = await runScenario(scenario, { packedAlarms, stopOnViolation: false });
    runs++;
    steps += r.steps;
    virtualMs += r.virtualMs;
    requests += r.requests;
    if (r.runaway) runaways++;
    const kinds = new Set<ViolationKind>();
    for (const v of r.violations) {
      if (kinds.has(v.kind)) continue;
      kinds.add(v.kind);
      const entry = byKind.get(v.kind);
      if (entry === undefined) byKind.set(v.kind, { sequences: 1, first: { scenario, violation: v } });
      else {
        entry.sequences++;
        if (scenario.commands.length < entry.first.scenario.commands.length) entry.first = { scenario, violation: v };
      }
    }
    if (Date.now() - lastPrint > 15_000) {
      lastPrint = Date.now();
      console.log(
        `  ${runs} sequences, ${steps} steps, ${(virtualMs / 3600_000).toFixed(0)} virtual h, kinds: ${[...byKind].map(([k, e]) => `${k}=${e.sequences}`).join(' ') || 'none'}`,
      );
    }
  }
}

const wall = (Date.now() - started) / 1000;
console.log(
  `\n${runs} sequences run, ${steps} steps (events), ${requests} requests, ${(virtualMs / 3600_000).toFixed(1)} virtual hours simulated in ${wall.toFixed(0)} s${runaways > 0 ? `, ${runaways} runaway` : ''}`,
);
if (byKind.size === 0) console.log('no violations');
else {
  console.log('violations by kind (sequences showing it):');
  for (const [kind, e] of [...byKind].sort((a, b) => b[1].sequences - a[1].sequences)) console.log(`  ${kind}: ${e.sequences}`);
}
for (const [kind, e] of byKind) {
  const shrunk = await shrinkForKind(e.first.scenario, kind, { packedAlarms });
  console.log(`\n=== ${kind} — shrunk counterexample\n${describeViolation(shrunk.violation)}\n${describeScenario(shrunk.scenario)}`);
  console.log(`scenario JSON: ${JSON.stringify(shrunk.scenario)}`);
  if (withTrace) console.log(`--- trace ---\n${await traceOf(shrunk.scenario, { packedAlarms, stopOnViolation: false }, 80)}`);
}
process.exit(byKind.size === 0 ? 0 : 1);
