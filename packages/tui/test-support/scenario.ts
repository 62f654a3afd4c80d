/** A sweep halfway through its evaluate stage, as feed events: what the app tests draw. */
import type { TrialResult } from '@seqsweep/core';
import type { FeedEvent } from '../src/feed.js';
import { CREATED, heartbeat, history, progress, record, result } from './fixtures.js';

const at = (s: number): string => new Date(CREATED + s * 1000).toISOString();

export function midSweep(): FeedEvent[] {
  const filter = (['a', 'b', 'c', 'd'] as const).flatMap((point, p) => [0, 1, 2].map((fold) =>
    result({ point, fold, value: 0.2 + p * 0.1 + fold * 0.01, history: history(3, 1, 0.5, true), at: CREATED + 10_000 + p * 1000 + fold })));
  const evaluate = [0, 1].map((fold) => result({ point: 'b', stage: 'evaluate', fold, value: 0.15 + fold * 0.01, history: history(12, 0.8, 0.1, true), at: CREATED + 40_000 + fold }));
  const events: FeedEvent[] = [
    { kind: 'record', record: record({ stage: 'evaluate', survivors: ['point-a', 'point-b'], updatedAt: at(30) }) },
    ...[...filter, ...evaluate].map((r): FeedEvent => ({ kind: 'result', result: r })),
    { kind: 'result', result: result({ point: 'a', stage: 'evaluate', fold: 0, status: 'failed', attempts: 3, at: CREATED + 41_000 }) },
    ...[0.9, 0.7, 0.5, 0.45, 0.4].map((loss, i): FeedEvent => ({
      kind: 'progress', progress: progress({ point: 'b', trialId: 'evaluate-point-b-2', stage: 'evaluate', epoch: i + 1, loss, worker: 'w2' }),
    })),
    { kind: 'heartbeat', heartbeat: heartbeat('w1', { state: 'idle', done: 9 }) },
    { kind: 'heartbeat', heartbeat: heartbeat('w2', { trialId: 'evaluate-point-b-2', done: 6, host: 'host-2' }) },
  ];
  return events;
}

/** The results of a whole sweep, in publish order: filter (4 points × 3 folds), evaluate (b and a × 5 folds), final (b). */
export function wholeSweep(): { filter: TrialResult[]; evaluate: TrialResult[]; final: TrialResult } {
  const filter = (['a', 'b', 'c', 'd'] as const).flatMap((point, p) => [0, 1, 2].map((fold) =>
    result({ point, fold, value: [0.3, 0.2, 0.5, 0.6][p]! + fold * 0.01, at: CREATED + 10_000 + p * 1000 + fold })));
  const evaluate = (['b', 'a'] as const).flatMap((point, p) => [0, 1, 2, 3, 4].map((fold) =>
    result({ point, stage: 'evaluate', fold, value: [0.15, 0.25][p]! + fold * 0.01, at: CREATED + 40_000 + p * 1000 + fold })));
  const final = result({ point: 'b', stage: 'final', value: 0.14, metrics: { valLoss: 0.14, testLoss: 0.16 }, at: CREATED + 60_000 });
  return { filter, evaluate, final };
}

/** The sweep's record after each stage. */
export const recordAt = {
  evaluate: () => record({ stage: 'evaluate', survivors: ['point-b', 'point-a'], updatedAt: new Date(CREATED + 30_000).toISOString() }),
  final: () => record({ stage: 'final', survivors: ['point-b', 'point-a'], updatedAt: new Date(CREATED + 50_000).toISOString() }),
  completed: () => record({ stage: 'final', status: 'completed', survivors: ['point-b', 'point-a'], updatedAt: new Date(CREATED + 61_000).toISOString() }),
};
