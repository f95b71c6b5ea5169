/**
 * Model-based property suite: the real engine in a simulated Chromium, checked after every
 * step by an oracle that reads the contract on its own (see oracle.ts, sim.ts, commands.ts).
 *
 * Quick run with a fixed seed (CI); PROPERTY_SEED / PROPERTY_RUNS override it. On failure the
 * message carries the seed and path to replay, the shrunk sequence in words and the tail of
 * its trace. Long runs: `tsx dev/fuzz.ts --minutes 10`.
 */

import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from './commands.ts';
import { BROKEN_ENGINES } from './broken.ts';
import { checkEngine, report, traceOf } from './check.ts';
import type { Violation } from './oracle.ts';
import regressions from './regressions.json' with { type: 'json' };

const REGRESSIONS = regressions as { about: string; scenarios: Scenario[] };

const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_125);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('sync engine, model-based', () => {
  it(`keeps the dashboard contract in every simulated sequence (seed ${SEED}, ${RUNS} runs)`, async () => {
    const { found } = await checkEngine({ seed: SEED, numRuns: RUNS });
    if (found !== null) {
      const message = `${report(found)}\n--- trace (tail) ---\n${await traceOf(found.scenario, {}, 60)}`;
      console.error(message);
      expect.fail(message);
    }
  }, 300_000);

  it('every shrunk counterexample found so far replays clean (tests/property/regressions.json)', async () => {
    const failing: string[] = [];
    for (const scenario of REGRESSIONS.scenarios) {
      const r = await runScenario(scenario, { stopOnViolation: false });
      if (r.violations.length > 0)
        failing.push(`${JSON.stringify(scenario)}\n  ${r.violations.map((v) => `[${v.kind}] ${v.detail}`).join('\n  ')}`);
    }
    expect(REGRESSIONS.scenarios.length).toBeGreaterThan(0);
    expect(failing, failing.join('\n')).toEqual([]);
  }, 300_000);

  describe('the oracle catches deliberately broken engines', () => {
    for (const broken of BROKEN_ENGINES) {
      it(`${broken.name}: ${broken.what}`, async () => {
        // Differential: a violation of the expected kind that the real engine does not show in the same sequence.
        const bad = async (s: Scenario): Promise<Violation | null> => {
          const r = await runScenario(s, { engine: broken.engine, stopOnViolation: false, tailMs: 5 * 60_000 });
          const hit = r.violations.find((v) => broken.caughtAs.includes(v.kind));
          if (hit === undefined) return null;
          const real = await runScenario(s, { stopOnViolation: false, tailMs: 5 * 60_000 });
          return real.violations.some((v) => v.kind === hit.kind) ? null : hit;
        };
        const { found } = await checkEngine({ seed: SEED, numRuns: 400, maxCommands: 20, bad });
        expect(found, `${broken.name} was not caught`).not.toBeNull();
        if (found !== null) console.info(`${broken.name} caught:\n${report(found)}`);
        expect(broken.caughtAs).toContain(found?.violation.kind);
      }, 300_000);
    }
  });
});
