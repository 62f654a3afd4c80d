/**
 * The decision at one rung, shared by the rung pruners (halving, median): which of the points that finished the
 * rung go on now, and, once the rung is closed (no more points will finish it), which stop there. Pure: the rung
 * ladder gathers each point's fold results at the rung and records what comes out.
 */
import { rankPoints, type ObjectiveMode, type PointSummary } from '@seqsweep/core';

/** A rule that decides at a rung which finished points go on: one file per rule (halving.ts, median.ts). */
export interface RungRule {
  /** The rule's name, as `HaltedPoint.rule` records it. */
  readonly name: 'halving' | 'median';
  /**
   * The points to send on now. `finished` holds the rankable points that finished the rung so far, in the order they
   * finished it; `ranked` holds the same, best first (the leaderboard's order: mean, then std, then point id).
   * A point once sent on stays sent on, so a rule only ever adds to what it returned before.
   */
  promote(finished: readonly PointSummary[], ranked: readonly PointSummary[], mode: ObjectiveMode): readonly string[];
}

/** A point's place at a rung: `rank` of `of` among the rankable points that had finished it. */
export interface RungPlace {
  readonly pointId: string;
  readonly rank: number;
  readonly of: number;
}

/** What {@link rungDecision} decides. */
export interface RungDecision {
  /** Points to send on to the next rung now, best first. */
  readonly promote: readonly RungPlace[];
  /** Points that stop at this rung; only once the rung is closed. */
  readonly halt: readonly RungPlace[];
}

/**
 * The rung's decision. The rule says who goes on now; once the rung is `closed`, at least `keep` points go on
 * (the best not yet sent on, while there are any), so a rule never leaves the next rung fewer points than the
 * stage must hand on (the filter stage's `keep`, the evaluate stage's best point), and every other finished point
 * is halted. Already `promoted` points are left out of both lists.
 */
export function rungDecision(args: {
  readonly finished: readonly PointSummary[];
  readonly rule: RungRule;
  readonly mode: ObjectiveMode;
  readonly closed: boolean;
  readonly keep: number;
  readonly promoted: ReadonlySet<string>;
}): RungDecision {
  const { finished, rule, mode, closed, keep, promoted } = args;
  const ranked = rankPoints(finished, mode);
  const place = new Map(ranked.map((p, i) => [p.pointId, { pointId: p.pointId, rank: i + 1, of: ranked.length }]));
  const going = new Set(rule.promote(finished, ranked, mode));
  if (closed) {
    for (const p of ranked) {
      if (new Set([...going, ...promoted]).size >= keep) break;
      going.add(p.pointId);
    }
  }
  const promote = ranked.filter((p) => going.has(p.pointId) && !promoted.has(p.pointId)).map((p) => place.get(p.pointId)!);
  const halt = closed ? ranked.filter((p) => !going.has(p.pointId) && !promoted.has(p.pointId)).map((p) => place.get(p.pointId)!) : [];
  return { promote, halt };
}
