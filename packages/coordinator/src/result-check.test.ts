import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGrid, MemoryTransport, parseSpec, planStage, pointId, trialId, type TrialResult } from '@seqsweep/core';
import { Coordinator } from './coordinator.js';
import type { SweepEvent } from './events.js';
import { resultMismatch, resultRefusal, type PlanFacts } from './result-check.js';

const spec = parseSpec({
  name: 'check', seed: 5, task: { name: 'noop' }, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01], hiddenSize: [8, 16] },
  stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
});
const points = new Map(expandGrid(spec.grid).map((p) => [pointId(p), p]));
const plan: PlanFacts = { sweepId: 'check-1', spec, points, survivors: undefined };
const [first] = planStage({ spec, sweepId: 'check-1', stage: 'filter', points: [...points.values()] });

function resultOf(over: Partial<TrialResult> = {}): TrialResult {
  const a = first!;
  return {
    sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold: 0, status: 'completed',
    metrics: { valLoss: 0.5 }, history: [{ valLoss: 0.5 }], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'none',
    finishedAt: new Date(0).toISOString(), ...over,
  };
}

describe('resultMismatch', () => {
  it('accepts a result of the plan', () => {
    expect(resultMismatch(resultOf(), plan)).toBeUndefined();
  });

  it('checks a rung against the stage\'s rungs and the id it gives the trial', () => {
    const halving = parseSpec({ ...spec, stages: { filter: { folds: 2, keep: 1, epochs: 9, halving: true }, evaluate: { folds: 2 } } });
    const rungs: PlanFacts = { ...plan, spec: halving };
    const atRung = (rung: number): Partial<TrialResult> => ({ rung, trialId: trialId({ sweepId: 'check-1', stage: 'filter', params: first!.params, fold: 0, seed: spec.seed, rung }) });
    expect(resultMismatch(resultOf({ rung: 0 }), rungs)).toBeUndefined();
    expect(resultMismatch(resultOf(atRung(2)), rungs)).toBeUndefined();
    expect(resultMismatch(resultOf(atRung(3)), rungs)).toBe('rung 3 is not a rung of stage filter');
    expect(resultMismatch(resultOf(atRung(1)), plan)).toBe('rung 1 is not a rung of stage filter');
    // Rung 2's result sent under rung 1's id is refused: every rung of a fold is its own trial.
    expect(resultMismatch(resultOf({ ...atRung(1), rung: 2 }), rungs)).toMatch(/is not the id of its stage, point, fold and seed at rung 2/);
  });

  it('names what a forged or misrouted result gets wrong', () => {
    expect(resultMismatch(resultOf({ trialId: 't-0000000000000000' }), plan)).toMatch(/trial "t-0000000000000000" is not the id of its stage, point, fold and seed/);
    expect(resultMismatch(resultOf({ fold: 2 }), plan)).toBe('fold 2 is not a fold of stage filter');
    expect(resultMismatch(resultOf({ fold: -1 }), plan)).toBe('fold -1 is not a fold of stage filter');
    expect(resultMismatch(resultOf({ params: { learningRate: 0.5, hiddenSize: 8 } }), plan)).toMatch(/does not match its params/);
    const offGrid = { learningRate: 0.5, hiddenSize: 8 };
    expect(resultMismatch(resultOf({ params: offGrid, pointId: pointId(offGrid) }), plan)).toMatch(/is not a point of the grid/);
    expect(resultMismatch(resultOf({ sweepId: 'other' }), plan)).toBe('it belongs to sweep "other"');
  });

  it('refuses a stage-two result for a point that did not survive, once the survivors are known', () => {
    const evaluate = resultOf({ stage: 'evaluate' });
    expect(resultMismatch(evaluate, { ...plan, survivors: ['p-000000000000'] })).toMatch(/did not survive stage one/);
  });

  it('refuses a stage-two result before the survivors are chosen, and a final result for any point but the chosen one', () => {
    expect(resultMismatch(resultOf({ stage: 'evaluate' }), plan)).toBe('stage one has chosen no survivors yet');
    const final = resultOf({ stage: 'final', fold: -1 });
    expect(resultMismatch(final, plan)).toBe('no point is chosen for the final stage yet');
    expect(resultMismatch(final, { ...plan, finalPoint: 'p-000000000000' })).toMatch(/is not the point chosen for the final stage/);
  });
});

describe('resultRefusal', () => {
  const r = resultOf();
  it('takes a result only for a trial published in the running stage, or in one that ended', () => {
    expect(resultRefusal(r, plan, { stage: 'filter', published: new Set([r.trialId]) })).toBeUndefined();
    expect(resultRefusal(r, plan, { stage: 'filter', published: new Set() })).toBe(`trial "${r.trialId}" has not been published`);
    expect(resultRefusal(r, { ...plan, survivors: [] }, { stage: 'evaluate', published: new Set() })).toBeUndefined();
  });

  it('refuses a result of a stage that has not started, however well it fits the plan', () => {
    const [e] = planStage({ spec, sweepId: 'check-1', stage: 'evaluate', points: [first!.params] });
    const evaluate = resultOf({ stage: 'evaluate', trialId: e!.trialId });
    const facts = { ...plan, survivors: [first!.pointId] };
    expect(resultRefusal(evaluate, facts, { stage: 'filter', published: new Set([e!.trialId]) })).toBe('stage evaluate has not started (the sweep is in stage filter)');
    expect(resultRefusal(evaluate, facts, { stage: 'evaluate', published: new Set([e!.trialId]) })).toBeUndefined();
  });
});

describe('Coordinator with forged results on the results stream', () => {
  it('drops each one, reports it once, and finishes with exactly the planned trials', async () => {
    const transport = new MemoryTransport();
    const forged = [resultOf({ sweepId: 'forge-1', trialId: 't-00000000deadbeef' }), resultOf({ sweepId: 'forge-1', fold: 7 })];
    for (const r of forged) await transport.publishResult(r);
    const events: SweepEvent[] = [];
    const stop = new AbortController();
    const worker = (async () => {
      for (;;) {
        const lease = await transport.pullTrial({ signal: stop.signal });
        if (!lease) return;
        const a = lease.assignment;
        const metrics = { valLoss: Number(a.params.learningRate), ...(a.stage === 'final' ? { testLoss: 1 } : {}) };
        await transport.publishResult({
          sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
          fold: a.split.kind === 'kfold' ? a.split.fold : -1, status: 'completed', metrics, history: [metrics], bestEpoch: 0,
          worker: 'w', attempts: 1, durationMs: 1, backend: 'none', finishedAt: new Date().toISOString(),
        });
        await lease.ack();
      }
    })();
    const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'result-check-')), onEvent: (e) => events.push(e) })
      .start({ spec, sweepId: 'forge-1' });
    stop.abort();
    await worker;
    const invalid = events.filter((e) => e.type === 'invalid');
    expect(invalid.map((e) => e.type === 'invalid' && e.message)).toEqual([
      'dropped a result for trial "t-00000000deadbeef": trial "t-00000000deadbeef" is not the id of its stage, point, fold and seed',
      `dropped a result for trial "${first!.trialId}": fold 7 is not a fold of stage filter`,
    ]);
    expect(outcome.trials).toHaveLength(8 + 2 + 1);
    expect(outcome.trials.map((t) => t.trialId)).not.toContain('t-00000000deadbeef');
  });
});
