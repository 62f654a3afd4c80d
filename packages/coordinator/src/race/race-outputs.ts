/**
 * Fold racing in results.json: raced-out points in the leaderboard (below every live point of their stage, with
 * no mean, and the test that stopped them), and the `race` summary of folds run, folds skipped and compute saved.
 */
import { racedOutOf, type RacedOut, type RaceConfig, type SweepRecord, type SweepSpec, type TrialResult } from '@seqsweep/core';

/** A leaderboard row as far as racing reads and changes it. */
interface Row {
  readonly rank: number;
  readonly pointId: string;
  readonly stage: 'filter' | 'evaluate';
  readonly mean: number | null;
  readonly std: number | null;
  readonly status: string;
}

/** One raced stage in the summary. */
export interface RaceStageSummary {
  readonly config: RaceConfig;
  /** Folds a worker trained (a running fold that was let finish counts: its compute was spent). */
  readonly foldsRun: number;
  /** Folds withdrawn before any worker trained them. */
  readonly foldsSkipped: number;
  readonly pointsRacedOut: number;
  /** The sum of `durationMs` of the stage's trials. */
  readonly computeMs: number;
  /** An estimate: skipped folds times the mean duration of the stage's trained folds. */
  readonly savedMs: number;
}

/** The `race` field of results.json. */
export interface RaceSummary {
  readonly stages: Partial<Record<'filter' | 'evaluate', RaceStageSummary>>;
  /** Compute spent over both stages, and the estimate of what racing saved, in ms. */
  readonly computeMs: number;
  readonly savedMs: number;
  /** The worst case the stages had without racing, in folds, and the folds run. */
  readonly worstCaseFolds: number;
  readonly foldsRun: number;
}

/**
 * `rows` with each raced-out point marked `raced-out`, its mean and std dropped (its folds count in no mean) and
 * `racedOut` added, moved below the live points of its stage; ranks numbered again.
 */
export function markRacedOut<R extends Row>(rows: readonly R[], record: SweepRecord): (R | (Omit<R, 'status'> & { status: 'raced-out'; racedOut: RacedOut }))[] {
  if (!record.race) return [...rows];
  const marked = rows.map((row) => {
    const entry = racedOutOf(record, row.pointId, row.stage);
    return entry ? { ...row, status: 'raced-out' as const, mean: null, std: null, racedOut: entry } : row;
  });
  const block = (r: Row): number => (r.stage === 'evaluate' ? 0 : 2) + (r.status === 'raced-out' ? 1 : 0);
  return marked
    .map((r, i) => ({ r, i }))
    .sort((a, b) => block(a.r) - block(b.r) || a.i - b.i)
    .map(({ r }, i) => ({ ...r, rank: i + 1 }));
}

/** The `race` summary, or undefined when no stage raced. */
export function raceSummary(spec: SweepSpec, record: SweepRecord, results: readonly TrialResult[]): RaceSummary | undefined {
  const stages: Partial<Record<'filter' | 'evaluate', RaceStageSummary>> = {};
  let worstCaseFolds = 0;
  for (const stage of ['filter', 'evaluate'] as const) {
    const config = spec.stages[stage].race;
    if (!config) continue;
    const trials = results.filter((r) => r.stage === stage);
    const run = trials.filter((r) => r.status !== 'raced-out' && r.status !== 'pruned');
    const skipped = trials.length - run.length - trials.filter((r) => r.status === 'pruned').length;
    const computeMs = trials.reduce((a, r) => a + r.durationMs, 0);
    const mean = run.length > 0 ? run.reduce((a, r) => a + r.durationMs, 0) / run.length : 0;
    worstCaseFolds += trials.length;
    stages[stage] = {
      config, foldsRun: run.length, foldsSkipped: skipped, computeMs, savedMs: Math.round(skipped * mean),
      pointsRacedOut: record.race?.out.filter((o) => o.stage === stage).length ?? 0,
    };
  }
  const list = Object.values(stages);
  if (list.length === 0) return undefined;
  return {
    stages, worstCaseFolds,
    computeMs: list.reduce((a, s) => a + s.computeMs, 0), savedMs: list.reduce((a, s) => a + s.savedMs, 0),
    foldsRun: list.reduce((a, s) => a + s.foldsRun, 0),
  };
}
