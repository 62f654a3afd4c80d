/**
 * Reading fold racing's state from a sweep record, and the result that stands for a withdrawn fold. Shared by
 * the coordinator (which decides), the workers (which skip) and the TUI (which shows).
 */
import type { RacedOut, Stage, SweepRecord, TrialAssignment, TrialResult } from '../messages.js';

/** The entry that raced `pointId` out of `stage`, if fold racing stopped it there. */
export function racedOutOf(record: SweepRecord | null | undefined, pointId: string, stage: Stage): RacedOut | undefined {
  return record?.race?.out.find((o) => o.pointId === pointId && o.stage === stage);
}

/** The `error` text of a withdrawn fold: `raced out after 2 folds, p = 0.03 against <leader>`. */
export function racedOutText(entry: RacedOut): string {
  return `raced out after ${entry.afterFolds} fold${entry.afterFolds === 1 ? '' : 's'}, ${formatP(entry.p)} against ${entry.leader}`;
}

/** A p-value as text: `p = 0.031` (two significant digits), or `p < 0.001`. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`;
}

/**
 * The result recorded for a fold of a raced-out point that was never trained: by the coordinator (`worker:
 * 'coordinator'`) for a fold it never published, or by the worker that pulled it. No training time is spent.
 */
export function withdrawnResult(a: TrialAssignment, entry: RacedOut, worker: string, attempts: number, finishedAt: string): TrialResult {
  return {
    sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
    fold: a.split.kind === 'kfold' ? a.split.fold : -1, status: 'raced-out', metrics: {}, history: [], bestEpoch: -1,
    worker, attempts: Math.max(1, attempts), durationMs: 0, backend: 'none', error: racedOutText(entry), finishedAt,
  };
}

/**
 * The block of the leaderboard a row belongs to: the evaluate stage's live points, its raced-out points, then the
 * filter stage's live and raced-out points. Rows keep their rank within a block. results.json and the TUI both
 * order by it.
 */
export function leaderboardBlock(stage: 'filter' | 'evaluate', racedOut: boolean): number {
  return (stage === 'evaluate' ? 0 : 2) + (racedOut ? 1 : 0);
}
