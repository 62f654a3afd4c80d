/**
 * Fold racing in results.json: raced-out points in the leaderboard (below every live point of their stage, with
 * no mean, and the test that stopped them), and the `race` summary of folds run, folds skipped and compute saved.
 */
import {
  leaderboardBlock, racedOutOf, wasTrained, type LeaderboardEntry, type RaceStageSummary, type RaceSummary, type SweepRecord, type SweepSpec, type TrialResult,
} from '@seqsweep/core';

/**
 * `rows` with each raced-out point marked `raced-out`, its mean and std dropped (its folds count in no mean) and
 * `racedOut` added, moved below the live points of its stage; ranks numbered again.
 */
export function markRacedOut(rows: readonly LeaderboardEntry[], record: SweepRecord): LeaderboardEntry[] {
  if (!record.race) return [...rows];
  const marked = rows.map((row): LeaderboardEntry => {
    const entry = racedOutOf(record, row.pointId, row.stage);
    return entry ? { ...row, status: 'raced-out', mean: null, std: null, racedOut: entry } : row;
  });
  const block = (r: LeaderboardEntry): number => leaderboardBlock(r.stage, r.status === 'raced-out');
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
    const run = trials.filter((r) => wasTrained(r.status));
    const skipped = trials.length - run.length - trials.filter((r) => r.status === 'pruned').length;
    const computeMs = trials.reduce((a, r) => a + r.durationMs, 0);
    const mean = run.length > 0 ? run.reduce((a, r) => a + r.durationMs, 0) / run.length : 0;
    worstCaseFolds += trials.length;
    stages[stage] = {
      config, foldsRun: run.length, foldsSkipped: skipped, computeMs, savedMs: Math.round(skipped * mean),
      pointsRacedOut: record.race?.out.filter((o) => o.stage === stage).length ?? 0,
      ...(record.race?.decided?.[stage] ? { decided: record.race.decided[stage] } : {}),
    };
  }
  const list = Object.values(stages);
  if (list.length === 0) return undefined;
  return {
    stages, worstCaseFolds,
    computeMs: list.reduce((a, s) => a + s.computeMs, 0), savedMs: list.reduce((a, s) => a + s.savedMs, 0),
    foldsRun: list.reduce((a, s) => a + s.foldsRun, 0),
    ...(record.race ? { state: record.race } : {}),
  };
}
