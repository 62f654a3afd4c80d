/**
 * Per-point statistics and the leaderboard order. Core's planner is gaining `summarizePoints` and `rankPoints`
 * for the coordinator; until they are exported this small equivalent lives here, ranking the same way the
 * coordinator's results.json does: evaluate-stage points first, then the filter-stage points that did not survive,
 * each by mean objective over completed folds (ties to the smaller sample std, core's `compareStd`).
 */
import { compareStd, sampleStd, type Params, type SweepRecord, type TrialResult } from '@seqsweep/core';
import type { ObjectiveMode, SpecView } from './spec-view.js';
import { stageFolds } from './spec-view.js';
import type { RunningTrial, SweepViewState } from './state.js';

/** Where a point stands. `best` is the point the final stage retrained. */
export type PointStatus = 'best' | 'running' | 'done' | 'waiting' | 'diverged' | 'pruned' | 'failed';

/** One leaderboard row. */
export interface PointRow {
  readonly pointId: string;
  readonly params: Params;
  /** The furthest stage the point reached (its statistics are of this stage). */
  readonly stage: 'filter' | 'evaluate';
  /** Folds completed with a finite objective, and the folds the stage runs. */
  readonly folds: number;
  readonly k: number;
  /** Mean (NaN before the first) and sample std (n − 1; NaN before the second) of the objective over completed folds. */
  readonly mean: number;
  readonly std: number;
  /** Mean best epoch over completed folds, rounded; null before the first. */
  readonly bestEpoch: number | null;
  readonly running: number;
  readonly survivor: boolean;
  readonly status: PointStatus;
  /** Every result of the point, all stages, in arrival order. */
  readonly results: readonly TrialResult[];
}

/** The sort orders `s` cycles through. */
export const SORT_MODES = ['objective', 'std', 'folds', 'params'] as const;
export type SortMode = (typeof SORT_MODES)[number];

function summarize(pointId: string, results: readonly TrialResult[], running: readonly RunningTrial[], spec: SpecView | null, record: SweepRecord | null): PointRow {
  const metric = spec?.metric ?? 'valLoss';
  const stage = results.some((r) => r.stage === 'evaluate') || running.some((t) => t.stage === 'evaluate') ? 'evaluate' : 'filter';
  const ofStage = results.filter((r) => r.stage === stage);
  const done = ofStage.filter((r) => r.status === 'completed' && Number.isFinite(r.metrics[metric] ?? NaN));
  const values = done.map((r) => r.metrics[metric] as number);
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  const std = sampleStd(values);
  const k = spec ? stageFolds(spec, stage) : Math.max(1, ...ofStage.map((r) => r.fold + 1));
  const pruned = (record?.pruned.includes(pointId) ?? false) || results.some((r) => r.status === 'pruned');
  const diverged = ofStage.some((r) => r.status === 'diverged');
  const failed = ofStage.filter((r) => r.status === 'failed').length;
  const best = results.some((r) => r.stage === 'final' && r.status === 'completed');
  const status: PointStatus = best ? 'best' : diverged ? 'diverged' : pruned ? 'pruned' : running.length > 0 ? 'running'
    : done.length + failed >= k ? (done.length === 0 ? 'failed' : 'done') : 'waiting';
  return {
    pointId, params: results[0]?.params ?? {}, stage, folds: done.length, k, mean, std,
    bestEpoch: done.length ? Math.round(done.reduce((a, r) => a + r.bestEpoch, 0) / done.length) : null,
    running: running.length, survivor: record?.survivors?.includes(pointId) ?? false, status, results,
  };
}

const cache = new WeakMap<SweepViewState['results'], { running: SweepViewState['running']; record: SweepRecord | null; rows: PointRow[] }>();

/** Every point that has a result, summarized, in no particular order. Cached for the latest state. */
export function pointRows(state: SweepViewState): readonly PointRow[] {
  const hit = cache.get(state.results);
  if (hit && hit.running === state.running && hit.record === state.record) return hit.rows;
  const byPoint = new Map<string, TrialResult[]>();
  for (const r of state.results.values()) {
    const list = byPoint.get(r.pointId);
    if (list) list.push(r);
    else byPoint.set(r.pointId, [r]);
  }
  const live = new Map<string, RunningTrial[]>();
  for (const t of state.running.values()) live.set(t.pointId, [...(live.get(t.pointId) ?? []), t]);
  const rows = [...byPoint].map(([id, results]) => summarize(id, results, live.get(id) ?? [], state.spec, state.record));
  cache.set(state.results, { running: state.running, record: state.record, rows });
  return rows;
}

const healthy = (p: PointRow): boolean => p.folds > 0 && p.status !== 'diverged' && p.status !== 'pruned';

/** Leaderboard order: evaluate stage first; healthy points by mean (ties: smaller std), then the rest. */
export function compareRank(mode: ObjectiveMode): (a: PointRow, b: PointRow) => number {
  const sign = mode === 'min' ? 1 : -1;
  return (a, b) =>
    (a.stage === b.stage ? 0 : a.stage === 'evaluate' ? -1 : 1) ||
    Number(healthy(b)) - Number(healthy(a)) ||
    Number(Number.isNaN(a.mean)) - Number(Number.isNaN(b.mean)) ||
    (Number.isNaN(a.mean) ? 0 : sign * (a.mean - b.mean)) ||
    compareStd(a.std, b.std) ||
    a.pointId.localeCompare(b.pointId);
}

function compareParams(keys: readonly string[]): (a: PointRow, b: PointRow) => number {
  return (a, b) => {
    for (const k of keys) {
      const [x, y] = [a.params[k], b.params[k]];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (c !== 0) return c;
    }
    return a.pointId.localeCompare(b.pointId);
  };
}

/** The rows in the order of `sort`, with the objective read in `mode`. */
export function sortRows(rows: readonly PointRow[], sort: SortMode, mode: ObjectiveMode, keys: readonly string[]): PointRow[] {
  const rank = compareRank(mode);
  const by: Record<SortMode, (a: PointRow, b: PointRow) => number> = {
    objective: rank,
    std: (a, b) => Number(!healthy(a)) - Number(!healthy(b)) || (healthy(a) && healthy(b) ? compareStd(a.std, b.std) : 0) || rank(a, b),
    folds: (a, b) => b.folds - a.folds || rank(a, b),
    params: compareParams(keys),
  };
  return [...rows].sort(by[sort]);
}

/** The swept options whose value differs between points: the grid's keys with two or more values, else those seen to vary. */
export function varyingKeys(spec: SpecView | null, rows: readonly PointRow[]): string[] {
  if (spec && spec.grid.length > 0) return spec.grid.filter((g) => g.values > 1).map((g) => g.key);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.params)))];
  return keys.filter((k) => new Set(rows.map((r) => JSON.stringify(r.params[k] ?? null))).size > 1);
}
