/**
 * The specs of the rung pruners (`stages.<stage>.halving` and `stages.<stage>.median`): both train a stage's folds
 * in rungs (`minEpochs`, `minEpochs x reduction`, `minEpochs x reduction²`, ... and the stage's `epochs` last), and
 * decide at the end of each rung which points train on. `halving` is asynchronous successive halving (ASHA): the
 * top 1/reduction of a rung go on. `median` is the median-stopping rule: a point worse than the median of the points
 * that reached the rung before it stops, once `startup` points have. Both are off by default; `true` takes every
 * default.
 */
import { z } from 'zod';

const WHOLE = 'expected a whole number';
const minEpochs = z.number({ error: 'expected a number' }).int(WHOLE).min(1, 'expected at least 1 epoch').max(100_000, 'expected at most 100,000 epochs').default(1);
const reduction = z.number({ error: 'expected a number' }).int(WHOLE).min(2, 'expected a whole number of at least 2').max(100, 'expected at most 100').default(3);

/** Asynchronous successive halving over a stage's epochs. */
export const HalvingOptions = z.strictObject({
  /** The first rung: epochs every point trains before the first promotion. @default 1 */
  minEpochs,
  /** η: each rung trains `reduction` times the epochs of the one before, and keeps the top 1/η of its points. @default 3 */
  reduction,
}, { error: (issue) => (issue.code === 'invalid_type' ? 'expected true, false or a mapping of minEpochs and reduction' : undefined) });

/** The median-stopping rule over a stage's rungs (Optuna's MedianPruner, with rungs for its steps). */
export const MedianOptions = z.strictObject({
  /** Points that reach a rung before the rule judges any there: the first ones always go on. @default 5 */
  startup: z.number({ error: 'expected a number' }).int(WHOLE).min(1, 'expected at least 1 point').max(100_000, 'expected at most 100,000 points').default(5),
  /** The first rung, as under halving. @default 1 */
  minEpochs,
  /** How much each rung multiplies the epochs of the one before, as under halving. @default 3 */
  reduction,
}, { error: (issue) => (issue.code === 'invalid_type' ? 'expected true, false or a mapping of startup, minEpochs and reduction' : undefined) });

// `true` and `false` are read as shorthands first, so that a mapping gets the object's own messages, one per key.
const shorthand = (v: unknown): unknown => (v === true ? {} : v === false ? undefined : v);

/** Halving as a spec writes it: `false` (the default), `true` (every default) or the options. */
export const HalvingSetting = z.preprocess(shorthand, HalvingOptions.optional()).optional();
/** The median rule as a spec writes it: `false` (the default), `true` (every default) or the options. */
export const MedianSetting = z.preprocess(shorthand, MedianOptions.optional()).optional();

export type HalvingConfig = z.output<typeof HalvingOptions>;
export type MedianConfig = z.output<typeof MedianOptions>;

/**
 * The rungs of a stage, in epochs: `minEpochs · reduction^k` while below `epochs`, then `epochs` itself (the top
 * rung, where the stage's scores are taken). A `minEpochs` at or above `epochs` leaves one rung.
 */
export function rungEpochs(config: { readonly minEpochs: number; readonly reduction: number }, epochs: number): number[] {
  const rungs: number[] = [];
  for (let e = config.minEpochs; e < epochs; e *= config.reduction) rungs.push(e);
  rungs.push(epochs);
  return rungs;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOn = (v: unknown): boolean => v !== undefined && v !== false;

/** The epochs a raw stage trains, as the spec fills them in (undefined when they are not yet valid numbers). */
function rawStageEpochs(spec: Record<string, unknown>, stage: 'filter' | 'evaluate'): number | undefined {
  const stages = isMapping(spec.stages) ? spec.stages : {};
  const own = isMapping(stages[stage]) ? stages[stage].epochs : undefined;
  const train = isMapping(spec.train) ? spec.train.epochs : undefined;
  const total = train === undefined ? 10 : train;
  if (own !== undefined) return typeof own === 'number' ? own : undefined;
  if (typeof total !== 'number') return undefined;
  return stage === 'filter' ? Math.max(1, Math.ceil(total / 3)) : total;
}

/**
 * The cross-field checks of the rung pruners, on a raw or partly valid spec: one of `halving` and `median` per
 * stage (both stop points at rungs, by different rules), and a first rung below the stage's epochs (else there is
 * one rung, and nothing to stop).
 */
export function checkRungPruners(spec: Record<string, unknown>, report: (issue: { path: (string | number)[]; message: string }) => void): void {
  const stages = isMapping(spec.stages) ? spec.stages : {};
  for (const stage of ['filter', 'evaluate'] as const) {
    const own = isMapping(stages[stage]) ? stages[stage] : {};
    if (isOn(own.halving) && isOn(own.median)) {
      report({ path: ['stages', stage, 'median'], message: 'halving and median both stop points at rungs, by different rules; set one of them' });
      continue;
    }
    const key = isOn(own.halving) ? 'halving' : isOn(own.median) ? 'median' : undefined;
    const setting = key ? own[key] : undefined;
    const first = isMapping(setting) ? (setting.minEpochs ?? 1) : 1;
    const epochs = rawStageEpochs(spec, stage);
    if (key && typeof first === 'number' && epochs !== undefined && first >= epochs) {
      report({
        path: ['stages', stage, key, 'minEpochs'],
        message: `the first rung (${first} epoch${first === 1 ? '' : 's'}) is not below the stage's ${epochs} epochs, so there is one rung and nothing to stop; lower it, or raise stages.${stage}.epochs`,
      });
    }
  }
}
