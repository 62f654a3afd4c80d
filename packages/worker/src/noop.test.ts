import { describe, expect, it } from 'vitest';
import { DeterministicTrialError, MemoryTransport, SURFACES, parseSpec, planStage, planFinal, trialId, type CheckpointRef, type Fidelity, type TrialAssignment } from '@seqsweep/core';
import { runNoop, type NoopTask } from './noop.js';
import { noopCurveValue } from './noop-fidelity.js';
import type { TrialContext } from './trial-context.js';

const spec = (task: Record<string, unknown>) => parseSpec({
  name: 'surface', seed: 3, task: { name: 'noop', ...task }, model: { name: 'lstm-ae' }, train: { epochs: 3 },
  grid: { x1: [Math.PI, 0], x2: [2.275], x3: [7] }, stages: { filter: { folds: 2, keep: 1, epochs: 3 } },
});

function run(a: TrialAssignment, task: NoopTask, transport = new MemoryTransport()) {
  const progress: { epoch: number; epochs: number }[] = [];
  const ctx: TrialContext = { transport, datasets: undefined, cacheDir: undefined, backend: 'none', signal: new AbortController().signal, progress: (p) => progress.push(p) };
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

describe('runNoop under successive halving', () => {
  const halving = (task: Record<string, unknown>) => parseSpec({
    name: 'rungs', seed: 4, task: { name: 'noop', ...task }, model: { name: 'lstm-ae' }, train: { epochs: 6 },
    grid: task.surface ? { x1: [0, 1], x2: [2.275], x3: [7] } : { learningRate: [0.1, 0.01] }, stages: { filter: { folds: 2, keep: 1, epochs: 6 } },
  });
  const pointsOf = (task: Record<string, unknown>) => (task.surface ? [{ x1: 0, x2: 2.275, x3: 7 }, { x1: 1, x2: 2.275, x3: 7 }] : [{ learningRate: 0.1 }, { learningRate: 0.01 }]);
  /** The fold trial `a` as the rung `rung` of a halving sweep assigns it. */
  const atRung = (a: TrialAssignment, fidelity: Fidelity): TrialAssignment => ({
    ...a, trialId: trialId({ sweepId: a.sweepId, stage: a.stage, params: a.params, fold: 0, seed: a.seed, rung: fidelity.rung }), fidelity,
  });

  for (const task of [{ surface: 'branin', noise: 1 }, {}]) {
    it(`continues a rung from its checkpoint to exactly the history of a straight run (${JSON.stringify(task)})`, async () => {
      const s = halving(task);
      const [a] = planStage({ spec: s, sweepId: 'h', stage: 'filter', points: pointsOf(task).slice(0, 1) });
      const transport = new MemoryTransport();
      const straight = (await run(atRung(a!, { rung: 0, epochs: 6 }), s.task as NoopTask, transport)).out;
      const first = await run(atRung(a!, { rung: 0, epochs: 2 }), s.task as NoopTask, transport);
      expect(first.out).toMatchObject({ status: 'completed', rung: 0, bestEpoch: 1, checkpoint: { epoch: 2 } });
      expect(first.out.checkpoint!.name).toMatch(new RegExp(`^checkpoints/h/filter/${a!.pointId}/f0/e2-[0-9a-f]{16}$`));
      expect(first.out.history).toEqual(straight.history.slice(0, 2));
      const second = await run(atRung(a!, { rung: 1, epochs: 6, from: first.out.checkpoint! }), s.task as NoopTask, transport);
      expect(second.out).toMatchObject({ status: 'completed', rung: 1, checkpoint: { epoch: 6 } });
      expect(second.out.history).toEqual(straight.history);
      expect(second.out.metrics).toEqual(straight.metrics);
      expect(second.out.bestEpoch).toBe(5);
      // Progress covers only the epochs this rung trains, against the rung's budget.
      expect(second.progress.map((p) => `${p.epoch}/${p.epochs}`)).toEqual(['3/6', '4/6', '5/6', '6/6']);
    });
  }

  it('falls with every epoch towards the value the trial reports without halving', async () => {
    const s = halving({ surface: 'branin' });
    const [a] = planStage({ spec: s, sweepId: 'h', stage: 'filter', points: [{ x1: Math.PI, x2: 2.275, x3: 7 }] });
    const { out } = await run(atRung(a!, { rung: 0, epochs: 6 }), s.task as NoopTask);
    const values = out.history.map((h) => h.valLoss!);
    expect(values).toEqual(values.map((_, i) => noopCurveValue(SURFACES.branin.minimum, a!.pointId, i + 1)));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]!);
    expect(values.at(-1)).toBeGreaterThanOrEqual(SURFACES.branin.minimum);
    expect(out.history.map((h) => h.loss)).toEqual(values);
  });

  it('fails once, naming the checkpoint, when the checkpoint is missing, corrupt, or not the one named', async () => {
    const s = halving({});
    // Fold 0 of each point: the plan lists a point's folds together.
    const [a, , other] = planStage({ spec: s, sweepId: 'h', stage: 'filter', points: pointsOf({}) });
    expect(other!.pointId).not.toBe(a!.pointId);
    const transport = new MemoryTransport();
    const missing: CheckpointRef = { name: 'checkpoints/h/filter/gone/f0/e2', digest: '0'.repeat(64), epoch: 2 };
    const failure = (from: CheckpointRef) => run(atRung(a!, { rung: 1, epochs: 6, from }), s.task as NoopTask, transport).then(() => undefined, (e: unknown) => e);
    const e = await failure(missing);
    expect(e).toBeInstanceOf(DeterministicTrialError);
    expect((e as Error).message).toMatch(/^the checkpoint checkpoints\/h\/filter\/gone\/f0\/e2 \(epoch 2\) that this trial continues from cannot be used: .+$/);
    const { digest } = await transport.putObject('garbage', new TextEncoder().encode('{"not": "it"}'), { store: 'models' });
    expect(((await failure({ name: 'garbage', digest, epoch: 2 })) as Error).message).toMatch(/garbage \(epoch 2\) .* cannot be used: it is not a noop checkpoint/);
    const theirs = (await run(atRung(other!, { rung: 0, epochs: 2 }), s.task as NoopTask, transport)).out.checkpoint!;
    expect(((await failure(theirs)) as Error).message).toMatch(/cannot be used: it belongs to point .*, not to /);
    const ours = (await run(atRung(a!, { rung: 0, epochs: 2 }), s.task as NoopTask, transport)).out.checkpoint!;
    expect(((await failure({ ...ours, epoch: 3 })) as Error).message).toMatch(/holds 2 epochs of history and says 2, where the assignment names epoch 3/);
    const over = run(atRung(a!, { rung: 1, epochs: 7, from: ours }), s.task as NoopTask, transport);
    await expect(over).rejects.toThrow(/trains to 7 epochs, more than the trial's train\.epochs \(6\)/);
  });

  it('ignores fidelity on the final trial', async () => {
    const s = halving({ surface: 'branin' });
    const final = planFinal({ spec: s, sweepId: 'h', params: { x1: 0, x2: 2.275, x3: 7 } });
    const { out } = await run({ ...final, fidelity: { rung: 1, epochs: 2 } }, s.task as NoopTask);
    expect(out.checkpoint).toBeUndefined();
    expect(out.metrics.testLoss).toBeCloseTo(SURFACES.branin.evaluate([0, 2.275]), 9);
  });
});
