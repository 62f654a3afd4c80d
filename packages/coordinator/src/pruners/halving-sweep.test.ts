/**
 * Successive halving in whole sweeps on the in-memory transport, with a worker that answers fidelity trials itself
 * (test-support/fidelity-worker.ts): rungs, promotion as training continued from the rung below's checkpoint,
 * halted points and their deleted checkpoints, what results.json says, and a coordinator killed mid-stage.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseResultsFile, parseSpec, rungOf, type TrialAssignment } from '@seqsweep/core';
import { Coordinator } from '../coordinator.js';
import type { SweepEvent } from '../events.js';
import { fidelityWorker, type Trained } from '../../test-support/fidelity-worker.js';

/** Points differ by learning rate (0.01 is best) and a little by hidden size; more epochs always help. */
const curve = (a: TrialAssignment, epochs: number): number =>
  Math.abs(Math.log10(Number(a.params.learningRate)) + 2) * 0.1 + Number(a.params.hiddenSize) / 1000 + 2 / epochs + (a.split.kind === 'kfold' ? a.split.fold * 1e-3 : 0);

const spec = (stages: Record<string, unknown>) => parseSpec({
  name: 'halving', seed: 5, task: { name: 'noop' }, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32] }, stages,
});

/** The filter stage trains 9 points at 1, 3 and 9 epochs; the evaluate stage its 2 survivors at 3 and 9. */
const halvingStages = {
  filter: { folds: 2, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } },
  evaluate: { folds: 2, epochs: 9, halving: { minEpochs: 3 } },
};

async function run(s: ReturnType<typeof spec>, sweepId: string) {
  const transport = new MemoryTransport();
  const out = await mkdtemp(join(tmpdir(), 'halving-'));
  const stop = new AbortController();
  const worker = fidelityWorker(transport, curve, stop.signal);
  const events: SweepEvent[] = [];
  try {
    const outcome = await new Coordinator({ transport, outDir: out, onEvent: (e) => events.push(e) }).start({ spec: s, sweepId });
    return { outcome, trained: worker.trained, events, transport, record: (await transport.getSweep(sweepId))! };
  } finally {
    stop.abort();
    await worker.done;
  }
}

const foldOf = (a: TrialAssignment): number => (a.split.kind === 'kfold' ? a.split.fold : -1);

/** Every trained trial continues its fold from the checkpoint that same fold left at the rung below. */
function expectContinued(trained: readonly Trained[]): void {
  const byKey = new Map(trained.map((t) => [`${t.a.stage}/${t.a.pointId}/${foldOf(t.a)}/${t.a.fidelity?.rung ?? 0}`, t]));
  for (const t of trained) {
    const rung = t.a.fidelity?.rung ?? 0;
    if (t.a.stage === 'final') {
      expect(t.a.fidelity).toBeUndefined();
      continue;
    }
    if (rung === 0) {
      expect(t.a.fidelity?.from).toBeUndefined();
      continue;
    }
    const below = byKey.get(`${t.a.stage}/${t.a.pointId}/${foldOf(t.a)}/${rung - 1}`)!;
    expect(t.a.fidelity?.from).toEqual({ name: `checkpoints/${t.a.sweepId}/${below.a.trialId}`, digest: expect.any(String), epoch: below.toEpoch });
    expect(t.fromEpoch).toBe(below.toEpoch);
  }
}

describe('successive halving in a sweep', () => {
  it('trains in rungs, promotes by continuing from checkpoints, halts the rest, and deletes the halted points\' checkpoints', async () => {
    const { outcome, trained, events, transport, record } = await run(spec(halvingStages), 'asha');
    expect(outcome.status).toBe('completed');
    const ids = trained.map((t) => t.a.trialId);
    expect(new Set(ids).size).toBe(ids.length);
    expectContinued(trained);
    const filter = trained.filter((t) => t.a.stage === 'filter');
    // 9 points at rung 0 (1 epoch). With one worker the points finish in grid order: the best of the first three
    // (learning rate 0.1) goes on at once, waiting for no straggler; the three at 0.01 then each enter the top third
    // of those finished so far, so 4 points train on to 3 epochs. At rung 1 keep = 2 go on to the top (9 epochs).
    expect([0, 1, 2].map((r) => filter.filter((t) => t.a.fidelity!.rung === r).length)).toEqual([18, 8, 4]);
    const firstPromoted = events.find((e) => e.type === 'promoted');
    expect(firstPromoted).toMatchObject({ entry: { stage: 'filter', rung: 1, rank: 1, of: 3, pointId: filter[0]!.a.pointId }, epochs: 3 });
    expect(filter.map((t) => t.toEpoch - t.fromEpoch).reduce((a, b) => a + b, 0)).toBe(18 * 1 + 8 * 2 + 4 * 6);
    expect(record.survivors).toHaveLength(2);
    const top = new Set(filter.filter((t) => t.a.fidelity!.rung === 2).map((t) => t.a.pointId));
    expect(new Set(record.survivors)).toEqual(top);
    // Stage two: both survivors at 3 epochs, the better one on to 9; it is the best point, retrained from scratch.
    const evaluate = trained.filter((t) => t.a.stage === 'evaluate');
    expect([0, 1].map((r) => evaluate.filter((t) => t.a.fidelity!.rung === r).length)).toEqual([4, 2]);
    const topEvaluate = evaluate.find((t) => t.a.fidelity!.rung === 1)!.a.pointId;
    expect(outcome.best?.pointId).toBe(topEvaluate);
    expect(outcome.best?.params.learningRate).toBe(0.01);
    expect(trained.filter((t) => t.a.stage === 'final').map((t) => [t.fromEpoch, t.toEpoch])).toEqual([[0, 9]]);

    // Halted: 5 points at rung 0 and 2 at rung 1 of the filter stage, 1 at rung 0 of the evaluate stage.
    const halted = record.rungs!.halted;
    expect(halted.filter((h) => h.stage === 'filter').map((h) => h.rung).sort()).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(halted.filter((h) => h.stage === 'evaluate')).toEqual([expect.objectContaining({ rung: 0, epochs: 3, rank: 2, of: 2, rule: 'halving' })]);
    expect(events.filter((e) => e.type === 'halted')).toHaveLength(8);
    expect(events.filter((e) => e.type === 'promoted').map((e) => e.type === 'promoted' && `${e.entry.stage}:${e.entry.rung}`)).toEqual([
      'filter:1', 'filter:1', 'filter:1', 'filter:1', 'filter:2', 'filter:2', 'evaluate:1',
    ]);
    const haltedAt1 = halted.filter((h) => h.stage === 'filter' && h.rung === 1);
    expect(haltedAt1.map((h) => [h.epochs, h.rank, h.of])).toEqual([[3, 3, 4], [3, 4, 4]]);

    // Checkpoints of halted points are gone; those of the points that reached the top rung are kept.
    const haltedIds = new Set(halted.map((h) => `${h.stage}/${h.pointId}`));
    for (const r of outcome.trials.filter((t) => t.checkpoint)) {
      const get = transport.getObject(r.checkpoint!.name, r.checkpoint!.digest, { store: 'models' });
      if (haltedIds.has(`${r.stage}/${r.pointId}`)) await expect(get).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
      else await expect(get).resolves.toBeInstanceOf(Uint8Array);
    }

    // results.json: each halted point says where it stopped and its rank; each halving stage its rungs and savings.
    const json = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
    expect(parseResultsFile(json)).toMatchObject({ ok: true });
    const row = json.leaderboard.find((e: { stage: string; pointId: string }) => e.stage === 'filter' && e.pointId === haltedAt1[0]!.pointId);
    expect(row).toMatchObject({ status: 'halted', halted: { rung: 1, epochs: 3, rank: 3, of: 4 } });
    expect(json.leaderboard.filter((e: { status: string }) => e.status === 'halted')).toHaveLength(8);
    expect(json.halving.stages.filter).toMatchObject({ rule: 'halving', rungs: [1, 3, 9], reached: [9, 4, 2], halted: 7, epochsRun: 2 * (9 + 4 * 2 + 2 * 6), worstCaseEpochs: 2 * 9 * 9 });
    expect(json.halving.stages.evaluate).toMatchObject({ rungs: [3, 9], reached: [2, 1], halted: 1 });
    expect(json.trials.filter((t: { rung?: number }) => t.rung === 2)).toHaveLength(4);
    expect(outcome.trials.filter((t) => t.stage === 'filter' && rungOf(t) === 2)).toHaveLength(4);
  });

  it('halts points below the median of those before them under the median rule, and still hands on keep points', async () => {
    const { outcome, record, trained } = await run(spec({
      filter: { folds: 2, epochs: 9, keep: 2, median: { startup: 2, minEpochs: 1, reduction: 3 } },
      evaluate: { folds: 2, epochs: 9 },
    }), 'median');
    expect(outcome.status).toBe('completed');
    expectContinued(trained);
    expect(record.survivors).toHaveLength(2);
    const halted = record.rungs!.halted.filter((h) => h.stage === 'filter');
    expect(halted.length).toBeGreaterThan(0);
    expect(halted.every((h) => h.rule === 'median')).toBe(true);
    // No halted point ever trained past its rung.
    for (const h of halted) expect(trained.filter((t) => t.a.pointId === h.pointId && t.a.stage === 'filter').every((t) => t.a.fidelity!.rung <= h.rung)).toBe(true);
    expect(outcome.trials.filter((t) => t.stage === 'evaluate')).toHaveLength(4);
  });

  it('redelivers the trial of a worker that dies mid-rung, continuing from the same checkpoint of the rung below', async () => {
    const transport = new MemoryTransport();
    const stop = new AbortController();
    // The first worker hands back the trial it holds after 21 trials (past rung 0's 18) and is gone.
    const first = fidelityWorker(transport, curve, stop.signal, 21);
    const coordinator = new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'halving-')) }).start({ spec: spec(halvingStages), sweepId: 'dies' });
    await first.done;
    const second = fidelityWorker(transport, curve, stop.signal);
    try {
      expect((await coordinator).status).toBe('completed');
    } finally {
      stop.abort();
      await second.done;
    }
    const handedBack = second.trained[0]!;
    expect(handedBack.a.fidelity!.rung).toBeGreaterThan(0);
    const all = [...first.trained, ...second.trained];
    expectContinued(all);
    const ids = all.map((t) => t.a.trialId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
