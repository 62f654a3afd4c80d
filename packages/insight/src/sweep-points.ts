/**
 * The points of one stage as the insight views see them: each point's score per fold, its mean, how it ended, the
 * order it was drawn in and the trial compute spent up to its last fold. It reads any list of trials that carries
 * the fields below, so results.json's rows and the live TUI's results both fit.
 */
import { wasTrained, type Params, type Stage, type TrialStatus } from '@seqsweep/core';

/** The fields of a trial the insight views read (a results.json row and a wire result both have them). */
export interface InsightTrial {
  readonly pointId: string;
  readonly stage: Stage;
  readonly params: Params;
  readonly fold: number;
  readonly status: TrialStatus;
  readonly metrics: Readonly<Record<string, number | null | undefined>>;
  readonly durationMs: number;
  readonly finishedAt?: string | undefined;
}

/**
 * How a point ended its stage. `halted` (successive halving stopped it at a rung), `raced-out` and `pruned` are
 * points stopped early on purpose; the views dim them.
 */
export type PointOutcome = 'ok' | 'raced-out' | 'halted' | 'pruned' | 'diverged' | 'failed';

/** Outcomes the views draw dimmed: the point was stopped before it finished its folds, or had no score. */
export const DIMMED_OUTCOMES: ReadonlySet<PointOutcome> = new Set(['raced-out', 'halted', 'pruned', 'diverged', 'failed']);

/** One point of one stage. */
export interface SweepPoint {
  readonly pointId: string;
  readonly params: Params;
  /** 0-based place in the order points were drawn (see {@link stagePoints}). */
  readonly drawIndex: number;
  /** The objective of each completed fold with a finite value, by fold index. */
  readonly folds: ReadonlyMap<number, number>;
  /** Mean over `folds`; null when no fold has a score. */
  readonly mean: number | null;
  readonly outcome: PointOutcome;
  /** Trial compute (ms, summed over every trained trial of the sweep, in finishing order) when its last fold finished. */
  readonly computeMs: number;
}

/** What {@link stagePoints} needs besides the trials. */
export interface StagePointsOptions {
  /** The objective's metric name. */
  readonly metric: string;
  readonly stage: 'filter' | 'evaluate';
  /**
   * Point ids in the order a search strategy drew them. Points it does not name follow, in the order their first
   * trial finished (the order points first appear in the results).
   */
  readonly order?: readonly string[];
  /** Points a race stopped in this stage (results.json's leaderboard `racedOut`), where no trial status says so. */
  readonly racedOut?: ReadonlySet<string>;
  /** Points successive halving stopped at a rung in this stage (a leaderboard's `halted`), where no trial status says so. */
  readonly halted?: ReadonlySet<string>;
}

const finishTime = (t: InsightTrial, i: number): number => {
  const at = t.finishedAt ? Date.parse(t.finishedAt) : NaN;
  return Number.isFinite(at) ? at : i;
};

/** Trial indices in the order they finished (finishedAt, then list order). */
function finishingOrder(trials: readonly InsightTrial[]): number[] {
  const at = trials.map(finishTime);
  return trials.map((_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
}

function outcomeOf(own: readonly InsightTrial[], folds: number, racedOut: boolean, halted: boolean): PointOutcome {
  const has = (s: string): boolean => own.some((t) => (t.status as string) === s);
  if (has('diverged')) return 'diverged';
  if (has('pruned')) return 'pruned';
  if (halted || has('halted')) return 'halted';
  if (racedOut || has('raced-out')) return 'raced-out';
  return folds === 0 ? 'failed' : 'ok';
}

/** The points of `options.stage`, in draw order. */
export function stagePoints(trials: readonly InsightTrial[], options: StagePointsOptions): SweepPoint[] {
  const order = finishingOrder(trials);
  const computeAt = new Map<number, number>();
  let spent = 0;
  for (const i of order) {
    if (wasTrained(trials[i]!.status)) spent += trials[i]!.durationMs;
    computeAt.set(i, spent);
  }
  const byPoint = new Map<string, number[]>();
  for (const i of order) {
    const t = trials[i]!;
    if (t.stage !== options.stage) continue;
    byPoint.set(t.pointId, [...(byPoint.get(t.pointId) ?? []), i]);
  }
  const drawn = options.order ?? [];
  const rank = new Map(drawn.map((id, i) => [id, i]));
  const ids = [...byPoint.keys()].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  return ids.map((pointId, drawIndex) => {
    const idx = byPoint.get(pointId)!;
    const own = idx.map((i) => trials[i]!);
    const folds = new Map<number, number>();
    for (const t of own) {
      const v = t.metrics[options.metric];
      if (t.status === 'completed' && typeof v === 'number' && Number.isFinite(v)) folds.set(t.fold, v);
    }
    const values = [...folds.values()];
    return {
      pointId, params: own[0]!.params, drawIndex, folds,
      mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      outcome: outcomeOf(own, folds.size, options.racedOut?.has(pointId) ?? false, options.halted?.has(pointId) ?? false),
      computeMs: Math.max(...idx.map((i) => computeAt.get(i)!)),
    };
  });
}

/** The sum of `durationMs` over every trial a worker trained. */
export function trialCompute(trials: readonly InsightTrial[]): number {
  return trials.filter((t) => wasTrained(t.status)).reduce((a, t) => a + t.durationMs, 0);
}
