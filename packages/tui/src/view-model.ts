/** What the main and detail views show, derived once per state and sort. */
import type { PointRow, SortMode } from './points.js';
import { pointRows, sortRows, varyingKeys } from './points.js';
import type { RunningTrial, SweepViewState, WorkerView } from './state.js';
import { compactLabel, shortId } from './format.js';

/** The lists on screen, in screen order. */
export interface ViewModel {
  readonly rows: readonly PointRow[];
  readonly byId: ReadonlyMap<string, PointRow>;
  readonly keys: readonly string[];
  readonly trials: readonly RunningTrial[];
  readonly workers: readonly WorkerView[];
  readonly metric: string;
  readonly mode: 'min' | 'max';
  /** A point's varying parameters as short `key=value` pairs, or its short id before its first result. */
  readonly labelOf: (pointId: string) => string;
}

const STAGE_ORDER = { filter: 0, evaluate: 1, final: 2 } as const;

/**
 * A worker as the results tell it: a heartbeat that says it is training a trial whose result is already in is
 * older than the result (the last heartbeat of a finished sweep, say), so the worker is shown idle until it beats
 * again.
 */
function asOfResults(w: WorkerView, state: SweepViewState): WorkerView {
  if (w.state !== 'training' || w.trialId === undefined || w.sweepId !== state.sweepId || !state.results.has(w.trialId)) return w;
  return { ...w, state: 'idle', trialId: undefined };
}

/** Sorts and labels everything the views list. */
export function viewModel(state: SweepViewState, sort: SortMode): ViewModel {
  const all = pointRows(state);
  const keys = varyingKeys(state.spec, all);
  const mode = state.spec?.mode ?? 'min';
  const rows = sortRows(all, sort, keys);
  const byId = new Map(all.map((p) => [p.pointId, p]));
  const trials = [...state.running.values()].sort((a, b) =>
    STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || a.pointId.localeCompare(b.pointId) || a.trialId.localeCompare(b.trialId));
  const workers = [...state.workers.values()].map((w) => asOfResults(w, state)).sort((a, b) => a.workerId.localeCompare(b.workerId));
  const labelOf = (pointId: string): string => {
    const p = byId.get(pointId);
    return (p && compactLabel(p.params, keys)) || shortId(pointId);
  };
  return { rows, byId, keys, trials, workers, metric: state.spec?.metric ?? 'valLoss', mode, labelOf };
}
