/**
 * A TPE sweep over a benchmark surface through the real command, coordinator and worker processes (an embedded run,
 * no NATS): the noop task reports the surface's value at each drawn point, so the strategy is measured in seconds.
 * Checks the plumbing end to end: every drawn point inside the space, none twice, and every trial's loss the
 * surface's value at its point (the extra key x3 changing nothing).
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SURFACES } from '@seqsweep/core';
import { testDeadline } from '@seqsweep/core/testing';
import { runCli } from './support/cli.js';
import { readResults, tempDir, writeSpec } from './support/spec.js';

describe('a search over a benchmark surface', () => {
  it("draws distinct points inside the space, and each trial reports the surface's value there", async () => {
    const dir = await tempDir('surface');
    const spec = await writeSpec(dir, {
      name: 'branin-tpe', seed: 11,
      task: { name: 'noop', surface: 'branin' },
      model: { name: 'lstm-ae' },
      space: { x1: { uniform: [-5, 10] }, x2: { uniform: [0, 15] }, x3: [0, 1] },
      search: { strategy: 'tpe', trials: 16, startup: 6 },
      stages: { filter: { folds: 2, epochs: 2, keep: 2 }, evaluate: { folds: 2, epochs: 1 } },
    });
    const out = await tempDir('surface-out');
    const run = await runCli(['run', spec, '--no-tui', '--workers', '2', '--out', out], { timeoutMs: testDeadline(120_000) });
    expect(run.code, run.output).toBe(0);
    const [sweepId] = await readdir(out);
    const results = await readResults(out, sweepId!);
    const drawn = results.search!.drawn;
    expect(drawn).toHaveLength(16);
    expect(new Set(drawn.map((p) => JSON.stringify(p))).size).toBe(16);
    for (const p of drawn) {
      expect(p.x1).toBeGreaterThanOrEqual(-5);
      expect(p.x1).toBeLessThanOrEqual(10);
      expect(p.x2).toBeGreaterThanOrEqual(0);
      expect(p.x2).toBeLessThanOrEqual(15);
      expect([0, 1]).toContain(p.x3);
    }
    const filter = results.trials.filter((t) => t.stage === 'filter' && t.status === 'completed');
    expect(filter).toHaveLength(32);
    for (const t of filter) {
      expect(t.metrics.valLoss).toBeCloseTo(SURFACES.branin.evaluate([t.params.x1 as number, t.params.x2 as number]), 9);
      expect(t.history).toHaveLength(2);
    }
    expect(results.best).not.toBeNull();
  });
});
