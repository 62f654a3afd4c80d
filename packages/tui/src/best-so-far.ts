/**
 * Stage one's best score so far kept up to date one result at a time, equal to what `stagePoints` (insight) gives
 * for every result at once: the filter stage's points in the order their first trial finished (`finishedAt`, then
 * arrival), each with the mean over its folds (a fold's latest completed, finite score), and the running best of
 * those means. A result re-scores its own point and makes again the running best from that point on: when results
 * come in the order they finished (the usual case) that is the last few points, O(1) a result.
 */
import type { TrialResult } from '@seqsweep/core';

/** A trial's place in finishing order: its finish time (its arrival index where it has none), then its arrival index. */
interface Place {
  readonly at: number;
  readonly index: number;
}

const before = (a: Place, b: Place): boolean => a.at < b.at || (a.at === b.at && a.index < b.index);

interface Point {
  /** Its filter trials in finishing order. */
  readonly trials: { readonly place: Place; readonly result: TrialResult }[];
  mean: number | null;
}

/** The running best of stage one's point means (see the module comment). */
export class BestSoFar {
  /** Results added so far. */
  count = 0;
  readonly #byId = new Map<string, Point>();
  /** Points in order of their first finished trial. */
  readonly #order: Point[] = [];
  /** The running best up to and including each point of `#order` (undefined before the first score). */
  readonly #running: (number | undefined)[] = [];
  /** The first place in `#order` whose running best is out of date. */
  #stale = Number.POSITIVE_INFINITY;
  #values: number[] | null = [];

  constructor(readonly metric: string, readonly mode: 'min' | 'max') {}

  /** Adds the next result in arrival order. */
  add(r: TrialResult): void {
    const index = this.count++;
    if (r.stage !== 'filter') return;
    const finished = Date.parse(r.finishedAt);
    const place = { at: Number.isFinite(finished) ? finished : index, index };
    let p = this.#byId.get(r.pointId);
    if (p && before(place, p.trials[0]!.place)) {
      // Finished before the point's earliest trial so far: the point moves up the order.
      const from = this.#order.lastIndexOf(p);
      this.#order.splice(from, 1);
      this.#running.splice(from, 1);
      this.#stale = Math.min(this.#stale, from);
      p.trials.unshift({ place, result: r });
      this.#insertPoint(p);
    } else if (p) {
      let i = p.trials.length;
      while (i > 0 && before(place, p.trials[i - 1]!.place)) i--;
      p.trials.splice(i, 0, { place, result: r });
    } else {
      p = { trials: [{ place, result: r }], mean: null };
      this.#byId.set(r.pointId, p);
      this.#insertPoint(p);
    }
    const mean = this.#meanOf(p);
    if (!Object.is(mean, p.mean)) {
      p.mean = mean;
      // Searched from the end: the point that just had a result is most often among the last.
      this.#stale = Math.min(this.#stale, this.#order.lastIndexOf(p));
    }
    this.#values = null;
  }

  /** One value per scored point, in order: the best mean up to that point. */
  values(): readonly number[] {
    if (this.#values) return this.#values;
    const better = this.mode === 'min' ? Math.min : Math.max;
    for (let i = Math.min(this.#stale, this.#order.length); i < this.#order.length; i++) {
      const last = i > 0 ? this.#running[i - 1] : undefined;
      const mean = this.#order[i]!.mean;
      this.#running[i] = mean === null ? last : last === undefined ? mean : better(last, mean);
    }
    this.#stale = Number.POSITIVE_INFINITY;
    const out: number[] = [];
    for (let i = 0; i < this.#order.length; i++) if (this.#order[i]!.mean !== null) out.push(this.#running[i]!);
    this.#values = out;
    return out;
  }

  #insertPoint(p: Point): void {
    const place = p.trials[0]!.place;
    let i = this.#order.length;
    while (i > 0 && before(place, this.#order[i - 1]!.trials[0]!.place)) i--;
    this.#order.splice(i, 0, p);
    this.#running.splice(i, 0, undefined);
    this.#stale = Math.min(this.#stale, i);
  }

  /**
   * The mean over the point's folds, each fold's latest completed finite score, summed in the order folds first
   * scored. A point that trains in rungs scores at the highest rung it reached, as on the leaderboard.
   */
  #meanOf(p: Point): number | null {
    const folds = new Map<number, number>();
    let top = 0;
    for (const { result: t } of p.trials) top = Math.max(top, t.rung ?? 0);
    for (const { result: t } of p.trials) {
      if ((t.rung ?? 0) !== top) continue;
      const v = t.metrics[this.metric];
      if (t.status === 'completed' && typeof v === 'number' && Number.isFinite(v)) folds.set(t.fold, v);
    }
    if (folds.size === 0) return null;
    let sum = 0;
    for (const v of folds.values()) sum += v;
    return sum / folds.size;
  }
}
