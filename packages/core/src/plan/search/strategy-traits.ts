/**
 * What the rest of seqsweep knows about each search strategy besides its code: its option schema (the spec's
 * `search` keys beyond `strategy` and `trials`), whether it takes continuous distributions, and whether its draws
 * depend on results (so the coordinator draws as results arrive instead of up front). Declared once here for every
 * strategy the project has, so that a registry line is `name: { factory, ...STRATEGY_TRAITS.name }`.
 */
import { z } from 'zod';

const whole = (min: number) => z.number({ error: 'expected a number' }).int('expected a whole number').min(min, `expected a whole number of at least ${min}`);

/** tpe's options. */
export const TpeOptions = z.strictObject({
  /** Points drawn at random before the model of good and bad points is used. @default 10 */
  startup: whole(1).default(10),
  /** Candidates drawn from the good points' density per proposal; the one with the best ratio is kept. @default 24 */
  candidates: whole(1).default(24),
  /** Treat running points as bad (Optuna's constant liar), so that parallel workers get different proposals. @default true */
  constantLiar: z.boolean({ error: 'expected true or false' }).default(true),
  /**
   * One joint density over every dimension, with narrow kernels (tpe.ts's TPE_KERNELS, chosen by
   * tools/bench/search.mjs); false gives Optuna's default, one density per dimension with its kernel widths. @default true
   */
  multivariate: z.boolean({ error: 'expected true or false' }).default(true),
  /** The weight of the prior kernel (uniform over the space) against one observed point's. @default 1 */
  priorWeight: z.number({ error: 'expected a number' }).positive('expected a number above 0').default(1),
});
export type TpeOptions = z.infer<typeof TpeOptions>;

/** sobol's options. */
export const SobolOptions = z.strictObject({
  /** Randomise the sequence from the seed (a linear matrix scramble and a digital shift); false gives the plain sequence. @default true */
  scramble: z.boolean({ error: 'expected true or false' }).default(true),
});

const NoOptions = z.strictObject({});

/** A strategy's traits, the parts of a registry entry that are not its factory. */
export interface StrategyTraits {
  /** The strategy's own `search` options, strict, with defaults. */
  readonly options: z.ZodObject;
  /** Whether it draws from continuous distributions (`uniform`, `loguniform`); grid takes discrete ones only. */
  readonly continuous: boolean;
  /** Whether its draws depend on results told so far: the coordinator then draws as results arrive. */
  readonly adaptive: boolean;
  /** How many points it draws before any result is in, given its parsed options (`plan` prints those); default all. */
  readonly firstDraws?: (options: Readonly<Record<string, unknown>>) => number;
}

/** The traits of every strategy seqsweep has (the registry picks the ones whose code is there). */
export const STRATEGY_TRAITS = {
  grid: { options: NoOptions, continuous: false, adaptive: false },
  random: { options: NoOptions, continuous: true, adaptive: false },
  sobol: { options: SobolOptions, continuous: true, adaptive: false },
  tpe: { options: TpeOptions, continuous: true, adaptive: true, firstDraws: (o) => o.startup as number },
} as const satisfies Record<string, StrategyTraits>;
