/**
 * The leaderboard's ranking kept up to date one result at a time, in the order core's `rankLeaderboard` gives for
 * every result at once: the evaluate stage's points, then the filter stage's points that have no evaluate result,
 * each by core's `rankPoints` order, then points with results in neither stage, in the order they first came.
 * A point that trains in rungs is summarized at the highest rung it reached in the stage, as `rankLeaderboard` of
 * core's `atReachedRung` does: a result of a higher rung re-summarizes the point from that rung's trials only, and
 * one of a rung below its highest changes nothing in the order.
 * A result re-summarizes its own point (its few folds) and moves that point in a sorted array: O(log n)
 * comparisons and one array splice, instead of summarizing and sorting every result again.
 */
import { atReachedRung, compareStd, isRankable, rungOf, summarizePoints, type ObjectiveMode, type Params, type PointSummary, type TrialResult } from '@seqsweep/core';

/** What the ranking knows of one point. */
export interface RankedPoint {
  readonly pointId: string;
  readonly params: Params;
  /** Every result of the point, all stages, in arrival order. */
  readonly results: TrialResult[];
  filter?: PointSummary;
  evaluate?: PointSummary;
  /** The highest rung of the point's results in each ranked stage (0 without rungs): where its summary is taken. */
  readonly rung: { filter: number; evaluate: number };
  /** Counts the changes to the point, so that a row made from it can tell it is stale. */
  version: number;
}

/** core's `rankPoints` order for two summaries: rankable first, by the objective, the smaller std, then the id. */
export function compareSummaries(mode: ObjectiveMode): (a: PointSummary, b: PointSummary) => number {
  const sign = mode === 'min' ? 1 : -1;
  const byId = (a: PointSummary, b: PointSummary): number => (a.pointId < b.pointId ? -1 : a.pointId > b.pointId ? 1 : 0);
  return (a, b) => {
    const ra = isRankable(a);
    const rb = isRankable(b);
    if (ra !== rb) return ra ? -1 : 1;
    if (!ra) return byId(a, b);
    return sign * (a.mean - b.mean) || compareStd(a.std, b.std) || byId(a, b);
  };
}

/** The first index of `sorted` whose entry does not come before `item`. */
function lowerBound<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(sorted[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A list kept in a total order: insertion and removal by binary search. */
class SortedList<T> {
  readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}
  insert(item: T): void {
    this.items.splice(lowerBound(this.items, item, this.compare), 0, item);
  }
  remove(item: T): void {
    const at = lowerBound(this.items, item, this.compare);
    // Found where its order puts it; else (a mean that overflowed to ±Infinity compares as NaN) by a scan.
    const i = this.items[at] === item ? at : this.items.indexOf(item);
    if (i >= 0) this.items.splice(i, 1);
  }
}

/** The leaderboard's ranking of the results added so far (see the module comment). */
export class Ranking {
  readonly points = new Map<string, RankedPoint>();
  /** Results added so far. */
  count = 0;
  readonly #evaluate: SortedList<PointSummary>;
  /** Filter summaries of the points with no evaluate result. */
  readonly #filter: SortedList<PointSummary>;
  /** Points with results in neither ranked stage, in the order they first came. */
  readonly #unranked: RankedPoint[] = [];

  constructor(readonly objective: { readonly metric: string; readonly mode: ObjectiveMode }) {
    const compare = compareSummaries(objective.mode);
    this.#evaluate = new SortedList(compare);
    this.#filter = new SortedList(compare);
  }

  /** Adds one result (each trial once, as the state holds them). */
  add(r: TrialResult): RankedPoint {
    this.count++;
    let p = this.points.get(r.pointId);
    if (!p) {
      p = { pointId: r.pointId, params: r.params, results: [], version: 0, rung: { filter: 0, evaluate: 0 } };
      this.points.set(r.pointId, p);
      if (r.stage !== 'filter' && r.stage !== 'evaluate') this.#unranked.push(p);
    }
    p.results.push(r);
    p.version++;
    if (r.stage !== 'filter' && r.stage !== 'evaluate') return p;
    const wasRanked = p.filter !== undefined || p.evaluate !== undefined;
    const rung = rungOf(r);
    // Below the rung the point has reached in the stage: outside its summary, its place stays as it is.
    if (rung < p.rung[r.stage]) return p;
    p.rung[r.stage] = Math.max(p.rung[r.stage], rung);
    const summary = summarizePoints(atReachedRung(p.results.filter((x) => x.stage === r.stage)), this.objective)[0]!;
    if (r.stage === 'evaluate') {
      if (p.evaluate) this.#evaluate.remove(p.evaluate);
      else if (p.filter) this.#filter.remove(p.filter);
      p.evaluate = summary;
      this.#evaluate.insert(summary);
    } else {
      if (p.filter && !p.evaluate) this.#filter.remove(p.filter);
      p.filter = summary;
      if (!p.evaluate) this.#filter.insert(summary);
    }
    if (!wasRanked && p.results.length > 1) this.#unranked.splice(this.#unranked.indexOf(p), 1);
    return p;
  }

  /** Every point in leaderboard order, each with the summary it is ranked by (none for an unranked point). */
  *ordered(): Generator<{ point: RankedPoint; summary: PointSummary | undefined }> {
    for (const s of this.#evaluate.items) yield { point: this.points.get(s.pointId)!, summary: s };
    for (const s of this.#filter.items) yield { point: this.points.get(s.pointId)!, summary: s };
    for (const p of this.#unranked) yield { point: p, summary: undefined };
  }
}
