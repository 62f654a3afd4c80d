/** The per-fold curves the detail view draws: one per result of a point, and one per trial of it in flight. */
import type { TrialResult } from '@seqsweep/core';
import type { RunningTrial } from './state.js';
import { shortId } from './format.js';

/** One trial's training curves. */
export interface Curve {
  readonly key: string;
  /** `fold 2` (`fold 2 rung 1` under successive halving), `final`, or `live <trial>` for a trial in flight. */
  readonly label: string;
  readonly stage: TrialResult['stage'];
  readonly status: TrialResult['status'] | 'running';
  /** Epochs trained (or `epoch/total` in flight). */
  readonly epochs: string;
  readonly loss: readonly (number | null)[];
  readonly valLoss: readonly (number | null)[];
  /** Validation accuracy (or training accuracy where that is all there is); empty when the task has none. */
  readonly accuracy: readonly (number | null)[];
  readonly bestEpoch: number | null;
}

const STAGE_ORDER = { filter: 0, evaluate: 1, final: 2 } as const;
const series = (history: TrialResult['history'], key: string): (number | null)[] => history.map((h) => h[key] ?? null);

/** The first of `keys` that the history has a value for, as a series; empty when it has none of them. */
function firstPresent(history: TrialResult['history'], keys: readonly string[]): (number | null)[] {
  for (const key of keys) {
    const values = series(history, key);
    if (values.some((v) => v !== null)) return values;
  }
  return [];
}

/** Curves of a point's results (by stage, then fold) followed by its running trials. */
export function pointCurves(results: readonly TrialResult[], running: readonly RunningTrial[]): Curve[] {
  const done = [...results].sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || a.fold - b.fold || (a.rung ?? 0) - (b.rung ?? 0)).map((r): Curve => ({
    key: r.trialId, label: r.fold >= 0 ? `fold ${r.fold}${r.rung === undefined ? '' : ` rung ${r.rung}`}` : 'final', stage: r.stage, status: r.status,
    epochs: String(r.history.length), loss: series(r.history, 'loss'), valLoss: series(r.history, 'valLoss'),
    accuracy: firstPresent(r.history, ['valAccuracy', 'accuracy']), bestEpoch: r.bestEpoch >= 0 ? r.bestEpoch : null,
  }));
  const live = running.map((t): Curve => ({
    key: t.trialId, label: `live ${shortId(t.trialId)}`, stage: t.stage, status: 'running', epochs: `${t.epoch}/${t.epochs}`,
    loss: t.losses, valLoss: t.valLosses, accuracy: [], bestEpoch: null,
  }));
  return [...done, ...live];
}
