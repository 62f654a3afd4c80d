/**
 * Reading fold racing's state from a sweep record, and the result that stands for a withdrawn fold. Shared by
 * the coordinator (which decides), the workers (which skip) and the TUI (which shows).
 */
import type { RaceDecided, RacedOut, Stage, SweepRecord, TrialAssignment, TrialResult, TrialStatus } from '../messages.js';

/** The entry that raced `pointId` out of `stage`, if fold racing stopped it there. */
export function racedOutOf(record: SweepRecord | null | undefined, pointId: string, stage: Stage): RacedOut | undefined {
  return record?.race?.out.find((o) => o.pointId === pointId && o.stage === stage);
}

/** Whether a trial of this status was trained: pruned, raced-out and skipped folds were recorded without training. */
export function wasTrained(status: TrialStatus): boolean {
  return status !== 'pruned' && status !== 'raced-out' && status !== 'skipped';
}

/** The decision that ended `stage`'s race, if racing decided it: its remaining folds are skipped. */
export function raceDecidedIn(record: SweepRecord | null | undefined, stage: Stage): RaceDecided | undefined {
  return stage === 'final' ? undefined : record?.race?.decided?.[stage];
}

/** `the race was decided: 4 points left live for 4 places`: why a live point's fold was skipped. */
export function raceDecidedText(stage: 'filter' | 'evaluate', decided: RaceDecided): string {
  const n = decided.live.length;
  const left = stage === 'evaluate' ? 'one point left live, the best' : `${n} point${n === 1 ? '' : 's'} left live for ${n} place${n === 1 ? '' : 's'}`;
  return `not run: the ${stage} race was decided, ${left}`;
}

/**
 * Why a point was raced out, as every view words it: `after 2 folds, p = 0.03`, and `, tolerance 2%` when the
 * race had one (the point was not shown worse, only not better by that much).
 */
export function raceVerdict(entry: RacedOut): string {
  const tolerance = entry.tolerance === undefined ? '' : `, tolerance ${formatTolerance(entry.tolerance)}`;
  return `after ${entry.afterFolds} fold${entry.afterFolds === 1 ? '' : 's'}, ${formatP(entry.p)}${tolerance}`;
}

/** The `error` text of a withdrawn fold: `raced out after 2 folds, p = 0.03 against <leader>`. */
export function racedOutText(entry: RacedOut): string {
  return `raced out ${raceVerdict(entry)} against ${entry.leader}`;
}

/** A race's tolerance (a fraction) as a percentage: `2%`, `0.5%`. */
export function formatTolerance(tolerance: number): string {
  return `${Number((tolerance * 100).toPrecision(3))}%`;
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
  return notRunResult(a, 'raced-out', racedOutText(entry), worker, attempts, finishedAt);
}

/**
 * The result recorded for a fold of a live point that was never trained because its stage's race was decided
 * (`skipped`): by the coordinator or by the worker that pulled it, like {@link withdrawnResult}.
 */
export function skippedResult(a: TrialAssignment, decided: RaceDecided, worker: string, attempts: number, finishedAt: string): TrialResult {
  if (a.stage === 'final') throw new Error('the final trial is never raced');
  return notRunResult(a, 'skipped', raceDecidedText(a.stage, decided), worker, attempts, finishedAt);
}

/**
 * The result of a trial recorded without training: raced out, skipped, pruned, or given up (`failed`) by the
 * coordinator. No training time is spent.
 */
export function notRunResult(
  a: TrialAssignment, status: 'raced-out' | 'skipped' | 'pruned' | 'failed', error: string, worker: string, attempts: number, finishedAt: string,
): TrialResult {
  return {
    sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
    fold: a.split.kind === 'kfold' ? a.split.fold : -1, status, metrics: {}, history: [], bestEpoch: -1,
    worker, attempts: Math.max(1, attempts), durationMs: 0, backend: 'none', error, finishedAt,
    ...(a.fidelity ? { rung: a.fidelity.rung } : {}),
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
