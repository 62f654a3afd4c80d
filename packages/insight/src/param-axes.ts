/**
 * How each swept parameter is laid on an axis: on a log scale where the search space says so, or where its values
 * are all positive numbers spanning more than 1.5 decades (a grid of learning rates); linear for other numbers; as
 * categories otherwise. The forest is fit on the same coordinates, so a log-spaced grid counts its steps evenly.
 */
import { searchSpaceOf, type Params } from '@seqsweep/core';

/** Decades a positive numeric parameter must span to be read on a log scale when the spec does not say. */
export const LOG_SPAN_DECADES = 1.5;

/** One swept parameter's axis. */
export interface ParamAxis {
  readonly key: string;
  readonly scale: 'log' | 'linear' | 'categorical';
  /** Distinct values, ascending (numbers) or in order of first appearance (categories). */
  readonly values: readonly Params[string][];
}

/** Where the spec declares a scale for a key (its `space:`); undefined leaves the scale to the values. */
export type DeclaredScale = (key: string) => 'log' | 'linear' | undefined;

/**
 * The scales a parsed spec's `space:` declares (core's `searchSpaceOf`): `loguniform` and an `int` with `log` are log,
 * `uniform` and a plain `int` linear; a list (a choice, or a grid axis) declares nothing, so a log-spaced grid is
 * still found by its values.
 */
export function declaredScaleOf(spec: Parameters<typeof searchSpaceOf>[0]): DeclaredScale {
  const space = searchSpaceOf(spec);
  return (key) => {
    const d = space[key];
    if (!d || d.kind === 'choice') return undefined;
    return d.kind === 'loguniform' || (d.kind === 'int' && d.log) ? 'log' : 'linear';
  };
}

/** The axes of the parameters that take two or more values among `params`, in first-seen key order. */
export function paramAxes(params: readonly Params[], declared: DeclaredScale = () => undefined): ParamAxis[] {
  const keys = [...new Set(params.flatMap((p) => Object.keys(p)))];
  const axes: ParamAxis[] = [];
  for (const key of keys) {
    const distinct = [...new Map(params.map((p) => [JSON.stringify(p[key] ?? null), p[key] ?? null])).values()];
    if (distinct.length < 2) continue;
    const numeric = distinct.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!numeric) {
      axes.push({ key, scale: 'categorical', values: distinct });
      continue;
    }
    const nums = (distinct as number[]).sort((a, b) => a - b);
    const positive = nums[0]! > 0;
    const said = declared(key);
    const log = positive && (said === 'log' || (said === undefined && Math.log10(nums.at(-1)! / nums[0]!) > LOG_SPAN_DECADES));
    axes.push({ key, scale: log ? 'log' : 'linear', values: nums });
  }
  return axes;
}

/** The coordinate of `value` on `axis`: log10 on a log axis, the value on a linear one, the category's index otherwise. */
export function coordinate(axis: ParamAxis, value: Params[string] | undefined): number {
  if (axis.scale === 'categorical') return axis.values.findIndex((v) => JSON.stringify(v) === JSON.stringify(value ?? null));
  const v = typeof value === 'number' ? value : NaN;
  return axis.scale === 'log' ? Math.log10(v) : v;
}
