/**
 * The rung pruners in results.json: halted points in the leaderboard (below the live points of their stage, with
 * where they stopped and their rank there), and the `halving` summary of each stage that trained in rungs.
 */
import {
  haltedIn, rungOf, stageRungs, wasTrained, type HalvingSummary, type LeaderboardEntry, type RungStageSummary, type SweepRecord, type SweepSpec,
  type TrialResult,
} from '@seqsweep/core';

/**
 * `rows` with each halted point marked `halted` (its `halted` entry added), moved below the live points of its
 * stage (the higher rung first, then by rank there) and above its raced-out ones; ranks numbered again.
 */
export function markHalted(rows: readonly LeaderboardEntry[], record: SweepRecord): LeaderboardEntry[] {
  if (!record.rungs) return [...rows];
  const marked = rows.map((row): LeaderboardEntry => {
    const entry = row.status === 'ok' ? haltedIn(record, row.pointId, row.stage) : undefined;
    return entry ? { ...row, status: 'halted', halted: entry } : row;
  });
  const block = (r: LeaderboardEntry): number => (r.stage === 'evaluate' ? 0 : 3) + (r.status === 'halted' ? 1 : r.status === 'raced-out' ? 2 : 0);
  return marked
    .map((r, i) => ({ r, i }))
    .sort((a, b) => block(a.r) - block(b.r) || (b.r.halted?.rung ?? 0) - (a.r.halted?.rung ?? 0) || (a.r.halted?.rank ?? 0) - (b.r.halted?.rank ?? 0) || a.i - b.i)
    .map(({ r }, i) => ({ ...r, rank: i + 1 }));
}

/** The `halving` summary, or undefined when no stage trained in rungs. */
export function halvingSummary(spec: SweepSpec, record: SweepRecord, results: readonly TrialResult[]): HalvingSummary | undefined {
  const stages: Partial<Record<'filter' | 'evaluate', RungStageSummary>> = {};
  for (const stage of ['filter', 'evaluate'] as const) {
    const rungs = stageRungs(spec, stage);
    if (!rungs) continue;
    const trials = results.filter((r) => r.stage === stage);
    const reached = rungs.epochs.map((_, k) => new Set(trials.filter((r) => rungOf(r) === k).map((r) => r.pointId)).size);
    const added = (k: number): number => rungs.epochs[k]! - (k > 0 ? rungs.epochs[k - 1]! : 0);
    stages[stage] = {
      rule: rungs.rule, config: rungs.config, rungs: [...rungs.epochs], reached,
      halted: record.rungs?.halted.filter((h) => h.stage === stage).length ?? 0,
      epochsRun: trials.filter((r) => wasTrained(r.status)).reduce((sum, r) => sum + added(rungOf(r)), 0),
      worstCaseEpochs: reached[0]! * spec.stages[stage].folds * spec.stages[stage].epochs,
      computeMs: trials.reduce((sum, r) => sum + r.durationMs, 0),
    };
  }
  if (Object.keys(stages).length === 0) return undefined;
  return { stages, ...(record.rungs ? { state: record.rungs } : {}) };
}
