/** Messages for the TUI's tests, valid against core's schemas, with every field a test does not care about filled in. */
import type { EpochMetrics, Params, Stage, SweepRecord, TrialProgress, TrialResult, WorkerHeartbeat } from '@seqsweep/core';
import type { FeedEvent, TimedEvent } from '../src/feed.js';

export const SWEEP = 'toy-20250101-test';
export const CREATED = Date.parse('2025-01-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A spec as the coordinator records it: 2 × 2 varying points, one fixed option, 3 filter folds, keep 2, 5 evaluate folds. */
export function specJson(objective: { metric?: string; mode?: 'min' | 'max' } = {}): SweepRecord['spec'] {
  return {
    name: 'toy', seed: 42, task: { name: 'toy', samples: 600, length: 50 }, model: { name: 'lstm-ae', hiddenSize: 16 },
    train: { epochs: 12, batchSize: 32 },
    grid: { learningRate: [0.1, 0.01], hiddenSize: [8, 16], gradientClip: [1] },
    objective: { metric: objective.metric ?? 'valLoss', mode: objective.mode ?? 'min' },
    stages: { filter: { folds: 3, epochs: 3, keep: 2 }, evaluate: { folds: 5, epochs: 12 } },
    final: { testFraction: 0.2 },
  };
}

export function record(patch: Partial<SweepRecord> = {}, mode: 'min' | 'max' = 'min'): SweepRecord {
  return {
    sweepId: SWEEP, name: 'toy', spec: specJson({ mode }), stage: 'filter', status: 'running',
    createdAt: iso(CREATED), updatedAt: iso(CREATED), queue: { ackWaitMs: 30_000, maxDeliver: 3 }, pruned: [], ...patch,
  };
}

/** The four grid points, by a short name. */
export const POINTS: Record<'a' | 'b' | 'c' | 'd', { pointId: string; params: Params }> = {
  a: { pointId: 'point-a', params: { learningRate: 0.1, hiddenSize: 8, gradientClip: 1 } },
  b: { pointId: 'point-b', params: { learningRate: 0.1, hiddenSize: 16, gradientClip: 1 } },
  c: { pointId: 'point-c', params: { learningRate: 0.01, hiddenSize: 8, gradientClip: 1 } },
  d: { pointId: 'point-d', params: { learningRate: 0.01, hiddenSize: 16, gradientClip: 1 } },
};

/** A history of `epochs` epochs whose losses fall from `start` towards `end`. */
export function history(epochs: number, start: number, end: number, accuracy = false): EpochMetrics[] {
  return Array.from({ length: epochs }, (_, i) => {
    const t = epochs === 1 ? 1 : i / (epochs - 1);
    const loss = start + (end - start) * t;
    return { loss, valLoss: loss * 1.1, ...(accuracy ? { valAccuracy: 0.5 + 0.4 * t } : {}) };
  });
}

export interface ResultOptions {
  point: keyof typeof POINTS;
  stage?: Stage;
  fold?: number;
  value?: number;
  status?: TrialResult['status'];
  attempts?: number;
  worker?: string;
  at?: number;
  history?: EpochMetrics[];
  metrics?: EpochMetrics;
}

export function result(o: ResultOptions): TrialResult {
  const { pointId, params } = POINTS[o.point];
  const stage = o.stage ?? 'filter';
  const fold = o.fold ?? (stage === 'final' ? -1 : 0);
  const status = o.status ?? 'completed';
  const h = o.history ?? (status === 'completed' ? history(3, 1, o.value ?? 0.5) : []);
  return {
    sweepId: SWEEP, trialId: `${stage}-${pointId}-${fold}`, pointId, stage, params, fold, status,
    metrics: o.metrics ?? (status === 'completed' && o.value !== undefined ? { valLoss: o.value } : {}), history: h,
    bestEpoch: h.length ? h.length - 1 : -1, worker: o.worker ?? 'w1', attempts: o.attempts ?? 1,
    durationMs: 3000, backend: 'cpu', finishedAt: iso(o.at ?? CREATED + 60_000),
  };
}

export function progress(o: { point: keyof typeof POINTS; trialId: string; epoch: number; loss: number | null; worker?: string; ts?: number; stage?: Stage; valLoss?: number }): TrialProgress {
  return {
    sweepId: SWEEP, trialId: o.trialId, pointId: POINTS[o.point].pointId, stage: o.stage ?? 'filter', worker: o.worker ?? 'w1',
    epoch: o.epoch, epochs: 12, loss: o.loss, ...(o.valLoss !== undefined ? { valLoss: o.valLoss } : {}), ts: o.ts ?? CREATED + o.epoch * 1000,
  };
}

export function heartbeat(workerId: string, patch: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat {
  return { workerId, host: 'host-1', pid: 100, state: 'training', sweepId: SWEEP, done: 0, backend: 'cpu', ts: CREATED, ...patch };
}

/** Stamps events with consecutive local times starting at `at`. */
export function timed(events: readonly FeedEvent[], at = CREATED + 120_000): TimedEvent[] {
  return events.map((e, i) => ({ ...e, at: at + i }));
}
