import { describe, expect, it } from 'vitest';
import { MemoryTransport, SURFACES, parseSpec, planStage, planFinal, type TrialAssignment } from '@seqsweep/core';
import { runNoop, type NoopTask } from './noop.js';
import type { TrialContext } from './trial-context.js';

const spec = (task: Record<string, unknown>) => parseSpec({
  name: 'surface', seed: 3, task: { name: 'noop', ...task }, model: { name: 'lstm-ae' }, train: { epochs: 3 },
  grid: { x1: [Math.PI, 0], x2: [2.275], x3: [7] }, stages: { filter: { folds: 2, keep: 1, epochs: 3 } },
});

function run(a: TrialAssignment, task: NoopTask) {
  const progress: unknown[] = [];
  const ctx: TrialContext = { transport: new MemoryTransport(), datasets: undefined, cacheDir: undefined, backend: 'none', signal: new AbortController().signal, progress: (p) => progress.push(p) };
  return runNoop(a, task, ctx).then((out) => ({ out, progress }));
}

describe('runNoop with a surface', () => {
  it("reports the surface's value at the point as every epoch's loss", async () => {
    const s = spec({ surface: 'branin' });
    const [a] = planStage({ spec: s, sweepId: 's', stage: 'filter', points: [{ x1: Math.PI, x2: 2.275, x3: 7 }] });
    const { out, progress } = await run(a!, s.task as NoopTask);
    expect(out.status).toBe('completed');
    expect(out.metrics.valLoss).toBeCloseTo(SURFACES.branin.minimum, 9);
    expect(out.history).toHaveLength(3);
    expect(new Set(out.history.map((h) => h.valLoss))).toEqual(new Set([out.metrics.valLoss]));
    expect(progress).toHaveLength(3);
    const final = planFinal({ spec: s, sweepId: 's', params: { x1: 0, x2: 2.275, x3: 7 } });
    expect((await run(final, s.task as NoopTask)).out.metrics.testLoss).toBeCloseTo(SURFACES.branin.evaluate([0, 2.275]), 9);
  });

  it('adds noise drawn per trial: the same again for the same trial, another for another fold', async () => {
    const s = spec({ surface: 'branin', noise: 1 });
    const [f0, f1] = planStage({ spec: s, sweepId: 's', stage: 'filter', points: [{ x1: 0, x2: 2.275, x3: 7 }] });
    const a = (await run(f0!, s.task as NoopTask)).out.metrics.valLoss!;
    expect((await run(f0!, s.task as NoopTask)).out.metrics.valLoss).toBe(a);
    expect((await run(f1!, s.task as NoopTask)).out.metrics.valLoss).not.toBe(a);
    expect(a).not.toBeCloseTo(SURFACES.branin.evaluate([0, 2.275]), 6);
  });

  it('still hashes the point without a surface', async () => {
    const s = parseSpec({ name: 'plain', task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1] } });
    const [a] = planStage({ spec: s, sweepId: 's', stage: 'filter', points: [{ learningRate: 0.1 }] });
    const { out } = await run(a!, { sleepMs: 0, fail: false });
    expect(out.history).toHaveLength(1);
    expect(out.metrics.valAccuracy).toBeCloseTo(1 - out.metrics.valLoss!, 12);
  });
});
