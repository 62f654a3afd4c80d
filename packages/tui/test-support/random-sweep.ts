/**
 * Random sequences of feed events for the property tests of the incremental views (ranking, best so far): results
 * of random points, stages, folds and statuses, some with no score, duplicates, finish times out of order, and
 * record changes (pruned points, survivors, points raced out), all drawn from a seeded generator. With `halving`,
 * the filter stage trains in three rungs (successive halving, 1, 3 and 9 epochs) and the evaluate stage in two (the
 * median rule, 4 and 12 epochs): results are of those rungs, some of a lower rung arriving after a higher one, and
 * the record promotes and halts points.
 */
import type { HaltedPoint, RacedOut, RungPromotion, Stage, SweepRecord, TrialResult } from '@seqsweep/core';
import type { TimedEvent } from '../src/feed.js';
import { CREATED, SWEEP, record, specJson } from './fixtures.js';

/** The fixtures' spec with rungs: successive halving at 1, 3 and 9 epochs in the filter stage, the median rule at 4 and 12 in the evaluate stage. */
export function halvingSpec(mode: 'min' | 'max' = 'min'): SweepRecord['spec'] {
  return {
    ...specJson({ mode }),
    stages: { filter: { folds: 3, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 5, epochs: 12, median: { startup: 2, minEpochs: 4, reduction: 3 } } },
  };
}

/** The epochs of each rung of each stage of {@link halvingSpec}. */
const RUNG_EPOCHS = { filter: [1, 3, 9], evaluate: [4, 12] } as const;

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const STATUSES: readonly TrialResult['status'][] = ['completed', 'completed', 'completed', 'completed', 'failed', 'diverged', 'pruned', 'skipped', 'raced-out'];

/** Batches of events: each a few results and, now and then, a newer record. */
export function randomSweep(seed: number, { results = 120, points = 25, mode = 'min' as 'min' | 'max', halving = false } = {}): TimedEvent[][] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const batches: TimedEvent[][] = [];
  const pruned = new Set<string>();
  const out: RacedOut[] = [];
  const survivors: string[] = [];
  const promoted: RungPromotion[] = [];
  const halted: HaltedPoint[] = [];
  let at = CREATED + 1000;
  let updated = CREATED;
  let sent = 0;
  while (sent < results) {
    const batch: TimedEvent[] = [];
    for (let n = 1 + Math.floor(random() * 6); n > 0 && sent < results; n--, sent++) {
      const p = Math.floor(random() * points);
      const pointId = `point-${p}`;
      const stage: Stage = random() < 0.65 ? 'filter' : random() < 0.85 ? 'evaluate' : 'final';
      const fold = stage === 'final' ? -1 : Math.floor(random() * 4);
      const rung = halving && stage !== 'final' ? Math.floor(random() * random() * RUNG_EPOCHS[stage].length) : undefined;
      const status = pick(STATUSES);
      // Few distinct scores, so that means tie and the std and the id decide.
      const value = random() < 0.1 ? Number.NaN : Math.floor(random() * 4) / 4;
      // Finish times mostly in order, some earlier than results already in, some equal, a few unreadable.
      const finished = random() < 0.7 ? (at += 1 + Math.floor(random() * 3)) : at - Math.floor(random() * 40);
      const r: TrialResult = {
        sweepId: SWEEP, trialId: `${stage}-${pointId}-${fold}-${Math.floor(random() * 2)}${rung === undefined ? '' : `-r${rung}`}`, pointId, stage, fold, status,
        ...(rung === undefined ? {} : { rung }),
        params: { learningRate: 0.001 * (1 + (p % 7)), hiddenSize: 8 * (1 + (p % 3)) },
        metrics: status === 'completed' && random() < 0.95 ? { valLoss: value, loss: value / 2 } : {}, history: [],
        bestEpoch: Math.floor(random() * 5), worker: 'w1', attempts: 1, durationMs: 10, backend: 'cpu',
        finishedAt: random() < 0.03 ? 'not a date' : new Date(finished).toISOString(),
      };
      batch.push({ kind: 'result', result: r, at: at });
    }
    if (random() < (halving ? 0.5 : 0.2)) {
      const p = `point-${Math.floor(random() * points)}`;
      const what = random();
      if (halving && random() < 0.7) {
        // A promotion, or a halt (one per point and stage, as the record keeps them).
        const stage = random() < 0.6 ? 'filter' : 'evaluate';
        const epochs = RUNG_EPOCHS[stage];
        const rung = Math.floor(random() * epochs.length);
        const of = 2 + Math.floor(random() * 8);
        if (random() < 0.5) promoted.push({ pointId: p, stage, rung: Math.max(1, rung), rank: 1, of, at: new Date(at).toISOString() });
        else if (!halted.some((h) => h.pointId === p && h.stage === stage)) {
          halted.push({ pointId: p, stage, rung, epochs: epochs[rung]!, rank: 1 + Math.floor(random() * of), of, rule: stage === 'filter' ? 'halving' : 'median', at: new Date(at).toISOString() });
        }
      } else if (what < 0.4) pruned.add(p);
      else if (what < 0.7) out.push({ pointId: p, stage: random() < 0.5 ? 'filter' : 'evaluate', afterFolds: 2, compared: [0, 1], p: 0.01, leader: 'point-0', test: 't', at: new Date(at).toISOString() });
      else survivors.push(p);
      updated += 1000;
      batch.push({
        kind: 'record', at,
        record: record({
          stage: survivors.length ? 'evaluate' : 'filter', pruned: [...pruned], updatedAt: new Date(updated).toISOString(),
          ...(survivors.length ? { survivors: [...survivors] } : {}), ...(out.length ? { race: { rounds: {}, out: [...out], decided: {} } } : {}),
          ...(halving ? { spec: halvingSpec(mode), rungs: { promoted: [...promoted], halted: [...halted], closed: {} } } : {}),
        }, mode),
      });
    }
    batches.push(batch);
  }
  return batches;
}
