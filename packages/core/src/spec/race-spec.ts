/**
 * The spec of fold racing (`stages.<stage>.race`): off by default; `true` takes every default; an object sets
 * the level, the folds needed before a point can be raced out, the paired test, the tolerance (indifference zone)
 * and what a decided race does.
 */
import { z } from 'zod';

const ALPHA_RANGE = 'expected a level above 0 and below 0.5';
const TOLERANCE_RANGE = 'expected a fraction from 0 to below 1 (0.02 is 2%)';

/** Racing a stage's folds: a point that is significantly worse than the reference after `minFolds` folds stops. */
export const RaceOptions = z.strictObject({
  /** The one-sided level: a point is raced out when the paired test gives p < alpha. @default 0.05 */
  alpha: z.number({ error: 'expected a number' }).gt(0, ALPHA_RANGE).lt(0.5, ALPHA_RANGE).default(0.05),
  /** Folds a point must share with the reference before it is tested (at least 2). @default 2 */
  minFolds: z.number({ error: 'expected a number' }).int('expected a whole number').min(2, 'expected at least 2 folds').max(100, 'expected at most 100 folds').default(2),
  /**
   * `t` (paired t-test) or `wilcoxon` (exact signed-rank; it cannot reach p < 0.05 before 5 folds).
   * @default 't'
   */
  test: z.enum(['t', 'wilcoxon'], { error: 'expected "t" or "wilcoxon"' }).default('t'),
  /**
   * The indifference zone, as a fraction of the reference's mean: differences smaller than this do not matter.
   * A point is raced out once the test says it is not better than the reference by that much (H0: it is better
   * by `tolerance` x |reference mean| or more), so a point within the tolerance of the reference can stop too,
   * and the chosen point is, at level alpha per comparison, within the tolerance of the best. 0 (the default)
   * races out only points significantly worse than the reference.
   * @default 0
   */
  tolerance: z.number({ error: 'expected a number' }).min(0, TOLERANCE_RANGE).lt(1, TOLERANCE_RANGE).default(0),
  /**
   * Once racing has left only as many live points as go on (the filter stage's `keep`, the evaluate stage's one
   * best point), the race is decided: `stop` runs none of the stage's remaining folds, since they could change
   * neither the survivors nor the best point (the live points' means are then over the folds they ran); `finish`
   * runs them, so that every live point's mean is over all the folds.
   * @default 'stop'
   */
  decided: z.enum(['stop', 'finish'], { error: 'expected "stop" or "finish"' }).default('stop'),
}, { error: (issue) => (issue.code === 'invalid_type' ? 'expected true, false or a mapping of alpha, minFolds, test, tolerance and decided' : undefined) });

/** Racing as a spec writes it: `false` (the default), `true` (every default) or the options. */
export const RaceSetting = z
  // `true` and `false` are read as shorthands first, so that a mapping gets the object's own messages, one per key.
  .preprocess((v) => (v === true ? {} : v === false ? undefined : v), RaceOptions.optional())
  .optional();

/** Racing options with every default filled in. */
export type RaceConfig = z.output<typeof RaceOptions>;
