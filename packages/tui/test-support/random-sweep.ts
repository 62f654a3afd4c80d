/**
 * Random sequences of feed events for the property tests of the incremental views (ranking, best so far): results
 * of random points, stages, folds and statuses, some with no score, duplicates, finish times out of order, and
 * record changes (pruned points, survivors, points raced out), all drawn from a seeded generator.
 */
import type { RacedOut, Stage, TrialResult } from '@seqsweep/core';
import type { TimedEvent } from '../src/feed.js';
import { CREATED, SWEEP, record } from './fixtures.js';

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
export function randomSweep(seed: number, { results = 120, points = 25, mode = 'min' as 'min' | 'max' } = {}): TimedEvent[][] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const batches: TimedEvent[][] = [];
  const pruned = new Set<string>();
  const out: RacedOut[] = [];
  const survivors: string[] = [];
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
      const status = pick(STATUSES);
      // Few distinct scores, so that means tie and the std and the id decide.
      const value = random() < 0.1 ? Number.NaN : Math.floor(random() * 4) / 4;
      // Finish times mostly in order, some earlier than results already in, some equal, a few unreadable.
      const finished = random() < 0.7 ? (at += 1 + Math.floor(random() * 3)) : at - Math.floor(random() * 40);
      const r: TrialResult = {
        sweepId: SWEEP, trialId: `${stage}-${pointId}-${fold}-${Math.floor(random() * 2)}`, pointId, stage, fold, status,
        params: { learningRate: 0.001 * (1 + (p % 7)), hiddenSize: 8 * (1 + (p % 3)) },
        metrics: status === 'completed' && random() < 0.95 ? { valLoss: value, loss: value / 2 } : {}, history: [],
        bestEpoch: Math.floor(random() * 5), worker: 'w1', attempts: 1, durationMs: 10, backend: 'cpu',
        finishedAt: random() < 0.03 ? 'not a date' : new Date(finished).toISOString(),
      };
      batch.push({ kind: 'result', result: r, at: at });
    }
    if (random() < 0.2) {
      const p = `point-${Math.floor(random() * points)}`;
      const what = random();
      if (what < 0.4) pruned.add(p);
      else if (what < 0.7) out.push({ pointId: p, stage: random() < 0.5 ? 'filter' : 'evaluate', afterFolds: 2, compared: [0, 1], p: 0.01, leader: 'point-0', test: 't', at: new Date(at).toISOString() });
      else survivors.push(p);
      updated += 1000;
      batch.push({
        kind: 'record', at,
        record: record({
          stage: survivors.length ? 'evaluate' : 'filter', pruned: [...pruned], updatedAt: new Date(updated).toISOString(),
          ...(survivors.length ? { survivors: [...survivors] } : {}), ...(out.length ? { race: { rounds: {}, out: [...out], decided: {} } } : {}),
        }, mode),
      });
    }
    batches.push(batch);
  }
  return batches;
}
