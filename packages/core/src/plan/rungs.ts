/**
 * A stage that trains in rungs (`stages.<stage>.halving` or `.median`): its rungs in epochs, which rung a result
 * is of, and a point's results at the highest rung it reached (where its stage score is taken). Shared by the
 * planner, the coordinator's rung pruners, the plan's description and results.json.
 */
import type { HaltedPoint, Stage, SweepRecord, TrialResult } from '../messages.js';
import { rungEpochs, type HalvingConfig, type MedianConfig } from '../spec/halving-spec.js';
import type { SweepSpec } from '../spec/sweep-spec.js';

/** A stage's rungs and the rule that decides at them. */
export type StageRungs =
  | { readonly rule: 'halving'; readonly config: HalvingConfig; readonly epochs: readonly number[] }
  | { readonly rule: 'median'; readonly config: MedianConfig; readonly epochs: readonly number[] };

/** The rungs of `stage`, or undefined when it trains every fold to its epochs in one go. */
export function stageRungs(spec: SweepSpec, stage: Stage): StageRungs | undefined {
  if (stage === 'final') return undefined;
  const s = spec.stages[stage];
  if (s.halving) return { rule: 'halving', config: s.halving, epochs: rungEpochs(s.halving, s.epochs) };
  if (s.median) return { rule: 'median', config: s.median, epochs: rungEpochs(s.median, s.epochs) };
  return undefined;
}

/** The rung a result is of: 0 without rungs. */
export const rungOf = (result: Pick<TrialResult, 'rung'>): number => result.rung ?? 0;

/** What a trial needs to be placed at a rung: a live result, or a trial of results.json. */
export type RungKeyed = Pick<TrialResult, 'stage' | 'pointId' | 'rung'>;

const pointKey = (r: RungKeyed): string => `${r.stage}\0${r.pointId}`;

/** The highest rung each point reached, per stage (`stage\0pointId`). */
function topRungs(results: readonly RungKeyed[]): Map<string, number> {
  const top = new Map<string, number>();
  for (const r of results) top.set(pointKey(r), Math.max(top.get(pointKey(r)) ?? 0, rungOf(r)));
  return top;
}

/**
 * Each point's results at the highest rung any of its folds reached, per stage: the results its stage score is
 * taken from. Without rungs that is every result. Works alike on live results and on results.json's trials.
 */
export function atReachedRung<T extends RungKeyed>(results: readonly T[]): T[] {
  const top = topRungs(results);
  return results.filter((r) => rungOf(r) === top.get(pointKey(r)));
}

/**
 * Every result, with the metrics of those below their point's highest rung left out: a point's score is then its
 * reached rung's while every rung's trial still counts (in the compute spent, say).
 */
export function scoredAtReachedRung<T extends RungKeyed & { readonly metrics: unknown }>(results: readonly T[]): T[] {
  const top = topRungs(results);
  return results.map((r) => (rungOf(r) === top.get(pointKey(r)) ? r : { ...r, metrics: {} }));
}

/** The entry that halted `pointId` in `stage`, if a rung pruner stopped it there. */
export function haltedIn(record: SweepRecord | null | undefined, pointId: string, stage: Stage): HaltedPoint | undefined {
  return record?.rungs?.halted.find((h) => h.pointId === pointId && h.stage === stage);
}

/** `halted at 4 epochs (rank 7 of 9)`: how every view words a halted point. */
export function haltedText(entry: HaltedPoint): string {
  return `halted at ${entry.epochs} epoch${entry.epochs === 1 ? '' : 's'} (rank ${entry.rank} of ${entry.of})`;
}
