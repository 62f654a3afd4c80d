/**
 * The split protocol of a sweep, stated once: how the test is held out and how the folds are drawn, in one line
 * (for `plan`, the TUI header and the report) and as the record results.json keeps, with the dates each fold
 * trained and was validated on as its trials reported them.
 */
import type { WindowDates } from './window-dates.js';
import { z } from 'zod';
import { DateRange, type SplitDates, type Stage } from '../messages.js';
import { finalSplitRef } from './plan-stage.js';
import { resolveSplit } from './splits.js';
import { randomSplitWarning } from '../spec/split-spec.js';
import type { SweepSpec } from '../spec/sweep-spec.js';

/** One fold's dates: the windows it trained on and those it was validated on. */
export const FoldDates = z.object({ fold: z.number().int().min(0), train: DateRange.nullable(), val: DateRange.nullable() }).strict();
export type FoldDates = z.infer<typeof FoldDates>;

/** The protocol as results.json records it. */
export const SplitProtocol = z.object({
  kind: z.enum(['chronological', 'random']),
  cv: z.enum(['forward', 'blocked']).nullable(),
  /** Dates left out before the cut-off and before each validation block. */
  gap: z.number().int().min(0).nullable(),
  embargo: z.number().int().min(0).nullable(),
  testFraction: z.number().min(0).lt(1),
  /** The first test date, one for every series (chronological, once a trial reported it). */
  cutoff: z.string().nullable(),
  /** The test windows' first and last day. */
  test: DateRange.nullable(),
  /** The days the final retrain fit on (the whole training period). */
  finalTrain: DateRange.nullable(),
  folds: z.object({ filter: z.array(FoldDates), evaluate: z.array(FoldDates) }).strict(),
  /** {@link protocolLine}. */
  line: z.string(),
  /** Present when a random split of a forecasting task leaks. */
  warning: z.string().optional(),
}).strict();
export type SplitProtocol = z.infer<typeof SplitProtocol>;

/** What the line may add from a run: the cut-off and the test's last day. */
export interface ProtocolDates {
  readonly cutoff: string | null;
  readonly test: DateRange | null;
}

const pct = (f: number): string => `${Math.round(f * 1000) / 10}%`;

function foldsText(spec: SweepSpec, what: string): string {
  const { filter, evaluate } = spec.stages;
  return filter.folds === evaluate.folds ? `${filter.folds} ${what} folds` : `${filter.folds} ${what} folds in stage one, ${evaluate.folds} in stage two`;
}

/**
 * The protocol in one line, e.g. `chronological: test 2017-03-01 … 2018-02-07 after a 30-day gap; 3 forward
 * folds`; without dates yet, `test the last 20% of dates`. A random split of a forecasting task says it leaks.
 */
export function protocolLine(spec: SweepSpec, dates?: ProtocolDates): string {
  const { split } = spec;
  const testFraction = spec.final.testFraction;
  if (split.kind === 'random') {
    const test = testFraction > 0 ? `test ${pct(testFraction)} of the samples at random` : 'no test held out';
    const leak = randomSplitWarning(split, spec.task) ? ' (leaks the future: windows share days across splits)' : '';
    return `random: ${test}; ${foldsText(spec, 'shuffled')}${leak}`;
  }
  const test = dates?.test && dates.cutoff
    ? `test ${dates.cutoff} … ${dates.test.last}`
    : testFraction > 0 ? `test the last ${pct(testFraction)} of dates` : 'no test held out';
  const gap = testFraction > 0 ? ` after a ${split.gap}-day gap` : '';
  const cv = split.cv === 'forward' ? 'forward' : 'blocked';
  const purge = split.cv === 'blocked' ? ` (purge ${split.gap}, embargo ${split.embargo} days)` : '';
  return `chronological: ${test}${gap}; ${foldsText(spec, cv)}${purge}`;
}

/** A trial as {@link buildProtocol} reads it. */
export interface ProtocolTrial {
  readonly stage: Stage;
  readonly fold: number;
  readonly dates?: SplitDates | undefined;
}

function foldsOf(trials: readonly ProtocolTrial[], stage: 'filter' | 'evaluate'): FoldDates[] {
  const byFold = new Map<number, FoldDates>();
  for (const t of trials) {
    // Every point of a stage gets the same folds, so the first trial of each fold speaks for all of them.
    if (t.stage === stage && t.dates && !byFold.has(t.fold)) byFold.set(t.fold, { fold: t.fold, train: t.dates.train, val: t.dates.val });
  }
  return [...byFold.values()].sort((a, b) => a.fold - b.fold);
}

/** The protocol of `spec` with the dates its trials reported (none for a random split). */
export function buildProtocol(spec: SweepSpec, trials: readonly ProtocolTrial[]): SplitProtocol {
  const { split } = spec;
  const final = trials.find((t) => t.stage === 'final' && t.dates)?.dates;
  // Every trial of a split by date knows the holdout's dates, so the line has them before the final trial runs.
  const any = trials.find((t) => t.dates)?.dates;
  const dates = any ? { cutoff: any.cutoff, test: any.test } : undefined;
  const warning = randomSplitWarning(split, spec.task);
  return {
    kind: split.kind,
    cv: split.kind === 'chronological' ? split.cv : null,
    gap: split.kind === 'chronological' ? split.gap : null,
    embargo: split.kind === 'chronological' ? split.embargo : null,
    testFraction: spec.final.testFraction,
    cutoff: any?.cutoff ?? null,
    test: any?.test ?? null,
    finalTrain: final?.train ?? null,
    folds: { filter: foldsOf(trials, 'filter'), evaluate: foldsOf(trials, 'evaluate') },
    line: protocolLine(spec, dates),
    ...(warning ? { warning } : {}),
  };
}

/** The protocol line with the dates the trials of a sweep reported, as they come in (for the TUI). */
export function protocolLineOf(spec: SweepSpec, trials: Iterable<{ readonly dates?: SplitDates | undefined }>): string {
  for (const t of trials) if (t.dates) return protocolLine(spec, { cutoff: t.dates.cutoff, test: t.dates.test });
  return protocolLine(spec);
}

/** The holdout's dates on a loaded dataset (undefined for a random split, or a dataset without dates). */
export function holdoutDates(spec: SweepSpec, dataset: { readonly size: number; readonly dates?: WindowDates | undefined }): ProtocolDates | undefined {
  if (spec.split.kind !== 'chronological' || !dataset.dates) return undefined;
  const d = resolveSplit(dataset.size, finalSplitRef(spec), spec.seed, undefined, dataset.dates).dates;
  return d ? { cutoff: d.cutoff, test: d.test } : undefined;
}

/**
 * The folds of a split by date that cannot run on a loaded dataset (no training or no validation window), each as
 * the sentence its trials would fail with, so that `plan` says so before anything trains.
 */
export function unusableFolds(spec: SweepSpec, dataset: { readonly size: number; readonly dates?: WindowDates | undefined }): string[] {
  if (spec.split.kind !== 'chronological' || !dataset.dates) return [];
  const problems = new Set<string>();
  for (const stage of ['filter', 'evaluate'] as const) {
    const { folds } = spec.stages[stage];
    for (let fold = 0; fold < folds; fold++) {
      const ref = { kind: 'kfold' as const, folds, fold, testFraction: spec.final.testFraction, chronological: { cv: spec.split.cv, gap: spec.split.gap, embargo: spec.split.embargo } };
      try {
        resolveSplit(dataset.size, ref, spec.seed, undefined, dataset.dates);
      } catch (e) {
        // resolveSplit refuses an empty fold with the sentence a trial would fail with; plan reports it instead.
        if (!(e instanceof Error) || !/has no (training|validation) windows/.test(e.message)) throw e;
        problems.add(`stage ${stage}: ${e.message}`);
      }
    }
  }
  return [...problems];
}
