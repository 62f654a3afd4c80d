/**
 * The sweep spec: one strict zod schema with every default, the cross-field checks, and the defaults that derive
 * from other fields (stage epochs from `train.epochs`, the objective's mode from its metric). `SweepSpecInput` is
 * what a user writes; `SweepSpec` is the complete spec every other part of seqsweep reads. A parsed spec parses
 * again to itself, so it can be stored and read back.
 */
import { z } from 'zod';
import { ModelOptions, TaskOptions, TrainOptions } from './components.js';
import { withModuleDefaults, withModuleName } from './component-registry.js';
import { checkSpec } from './spec-checks.js';
import { RaceSetting, type RaceConfig } from './race-spec.js';
import { HalvingSetting, MedianSetting, type HalvingConfig, type MedianConfig } from './halving-spec.js';
import { fillSplit, SplitOptions } from './split-spec.js';
import { fillSearch, SearchSetting, SpaceSetting } from './search-spec.js';

/** Metrics a sweep can optimise. `valTaskLoss` needs a classifier or predictor, `valAccuracy` a classifier. */
export const OBJECTIVE_METRICS = ['valLoss', 'valReconLoss', 'valTaskLoss', 'valAccuracy'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

/** A value one grid point gives an option. */
export const GridValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type GridValue = z.infer<typeof GridValue>;

/** The most values of one grid axis: the sweep record carries the spec, and a list on the wire holds 10,000 at most (messages.ts). */
const MAX_AXIS_VALUES = 10_000;

const folds = z
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .min(2, 'expected at least 2 folds')
  .max(100, 'expected at most 100 folds');
const stageEpochs = TrainOptions.shape.epochs.unwrap();

/** Stage one: every grid point, k-fold cross-validated on a small budget; the best `keep` (or `keepFraction`) go on. */
export const FilterStage = z.strictObject({
  /** @default 3 */
  folds: folds.default(3),
  /** @default a third of `train.epochs`, at least 1 */
  epochs: stageEpochs.optional(),
  /** How many points survive. @default 4 (unless `keepFraction` is set) */
  keep: z.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a positive whole number').optional(),
  /** The fraction of points that survive, rounded up (at least one). */
  keepFraction: z.number({ error: 'expected a number' }).gt(0, 'expected a fraction above 0 and at most 1').max(1, 'expected a fraction above 0 and at most 1').optional(),
  /** Fold racing (see race-spec.ts). @default off */
  race: RaceSetting,
  /** Asynchronous successive halving over the stage's epochs (see halving-spec.ts). @default off */
  halving: HalvingSetting,
  /** The median-stopping rule over the stage's rungs (see halving-spec.ts). @default off */
  median: MedianSetting,
});

/** Stage two: the survivors, k-fold cross-validated on the full budget. */
export const EvaluateStage = z.strictObject({
  /** @default 5 */
  folds: folds.default(5),
  /** @default `train.epochs` */
  epochs: stageEpochs.optional(),
  /** Fold racing (see race-spec.ts). @default off */
  race: RaceSetting,
  /** Asynchronous successive halving over the stage's epochs (see halving-spec.ts). @default off */
  halving: HalvingSetting,
  /** The median-stopping rule over the stage's rungs (see halving-spec.ts). @default off */
  median: MedianSetting,
});

/** The best point, retrained on the whole training split and tested once on the held-out split. */
export const FinalStage = z.strictObject({
  /** The fraction held out for the test before any fold is drawn. @default 0.2 */
  testFraction: z.number({ error: 'expected a number' }).min(0, 'expected a fraction from 0 up to (not including) 1').lt(1, 'expected a fraction from 0 up to (not including) 1').default(0.2),
  /** @default `stages.evaluate.epochs` */
  epochs: stageEpochs.optional(),
  /** Retrain and test the best point; `false` ends the sweep after stage two. @default true */
  retrain: z.boolean({ error: 'expected true or false' }).default(true),
});

const SweepSpecFields = z.strictObject({
  /** The study's name: 1 to 64 letters, digits, `.`, `_` and `-`. */
  name: z
    .string({ error: 'expected a string' })
    .min(1, 'expected a non-empty name')
    .max(64, 'expected at most 64 characters')
    .regex(/^[A-Za-z0-9_.-]+$/, 'expected only letters, digits, ".", "_" and "-"'),
  /** Every random choice (data, folds, weights, shuffling) flows from it. @default 42 */
  seed: z.number({ error: 'expected a number' }).int('expected a whole number').default(42),
  /** The dataset, by name with its options, or a module with its options (required). */
  task: z.preprocess(withModuleName, TaskOptions),
  /** The model, by name with its options, or a module with its options (required). */
  model: z.preprocess(withModuleName, ModelOptions),
  /** The training loop's options; a grid point overrides the ones it sweeps. @default every option's default */
  train: TrainOptions.prefault({}),
  /** Swept options, each mapped to its values: a space of choices (under strategy grid, the Cartesian product). @default {} */
  grid: z.record(z.string(), z.array(GridValue).min(1, 'expected at least one value')
    .max(MAX_AXIS_VALUES, 'expected at most 10,000 values: split the axis in two (the grid is their product), or draw points with search:')).prefault({}),
  /** Swept options mapped to distributions (uniform, loguniform, int, or a list: a choice). @default {} */
  space: SpaceSetting,
  /** The strategy that draws stage one's points, and how many. @default { strategy: 'grid' } */
  search: SearchSetting,
  /** What ranks the points. @default { metric: 'valLoss', mode: 'min' } */
  objective: z
    .strictObject({
      /** @default 'valLoss' */
      metric: z.enum(OBJECTIVE_METRICS).default('valLoss'),
      /** @default 'max' for valAccuracy, else 'min' */
      mode: z.enum(['min', 'max']).optional(),
    })
    .prefault({}),
  /** The two cross-validated stages. @default every stage option's default */
  stages: z.strictObject({ filter: FilterStage.prefault({}), evaluate: EvaluateStage.prefault({}) }).prefault({}),
  /** @default every final option's default */
  final: FinalStage.prefault({}),
  /** How the data is split into test, training and validation. @default by date for sp500 and series, else random */
  split: SplitOptions.prefault({}),
});

type SweepSpecFields = z.output<typeof SweepSpecFields>;

/** Exactly one of `keep` (4 when neither is set) and `keepFraction`. */
function survivorRule(keep: number | undefined, keepFraction: number | undefined): { keep?: number; keepFraction?: number } {
  return keepFraction === undefined ? { keep: keep ?? 4 } : { keepFraction };
}

function fillDerived(s: SweepSpecFields) {
  const mode: 'min' | 'max' = s.objective.mode ?? (s.objective.metric === 'valAccuracy' ? 'max' : 'min');
  const { keep, keepFraction, ...filter } = s.stages.filter;
  const evaluateEpochs = s.stages.evaluate.epochs ?? s.train.epochs;
  // Racing is kept only when on, as its full options, so a parsed spec parses again to itself.
  // Typed as one shape, not a union with `{ race?: undefined }`, so a parsed spec stays plain JSON for the record.
  const race = (setting: z.output<typeof RaceSetting>): { race?: RaceConfig } => (setting ? { race: setting } : {});
  const rungs = (stage: { halving?: HalvingConfig | undefined; median?: MedianConfig | undefined }): { halving?: HalvingConfig; median?: MedianConfig } => ({
    ...(stage.halving ? { halving: stage.halving } : {}), ...(stage.median ? { median: stage.median } : {}),
  });
  return {
    ...s,
    task: withModuleDefaults(s.task),
    model: withModuleDefaults(s.model),
    objective: { metric: s.objective.metric, mode },
    stages: {
      filter: { folds: filter.folds, epochs: filter.epochs ?? Math.max(1, Math.ceil(s.train.epochs / 3)), ...survivorRule(keep, keepFraction), ...race(filter.race), ...rungs(filter) },
      evaluate: { folds: s.stages.evaluate.folds, epochs: evaluateEpochs, ...race(s.stages.evaluate.race), ...rungs(s.stages.evaluate) },
    },
    final: { testFraction: s.final.testFraction, epochs: s.final.epochs ?? evaluateEpochs, retrain: s.final.retrain },
    split: fillSplit(s.split, s.task),
    search: fillSearch(s.search),
  };
}

/**
 * A sweep spec. Parse with `parseSpec`: it words problems in plain English and runs the cross-field checks even
 * where fields fail (zod skips refinements after most field errors), so it reports every problem at once.
 */
export const SweepSpec = SweepSpecFields.superRefine((value, ctx) =>
  checkSpec(value, (issue) => ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message })),
).transform(fillDerived);

/** The spec's top-level keys, in the order problems are listed. */
export const SWEEP_SPEC_KEYS: readonly string[] = Object.keys(SweepSpecFields.shape);

/** A complete sweep spec, every default filled in. */
export type SweepSpec = z.output<typeof SweepSpec>;
/** A sweep spec as a user writes it. */
export type SweepSpecInput = z.input<typeof SweepSpec>;
/** The objective a sweep ranks points by. */
export type Objective = SweepSpec['objective'];
/** The swept options and their values. */
export type Grid = SweepSpec['grid'];
