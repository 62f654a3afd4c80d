/**
 * A search space: each swept option mapped to a distribution. It is the contract between the spec (which parses
 * `space:` into it) and the search strategies (grid, random, sobol, tpe), which draw points from it. Every strategy
 * that works in the unit cube maps its coordinates to values through `fromUnit`, so that every strategy respects
 * bounds, integer steps and log scales the same way.
 */
import type { Params } from '../../messages.js';

/** A value a point gives an option (the same values a grid list may hold). */
export type SpaceValue = Params[string];

/** A continuous range, uniform on its scale. */
export interface UniformDistribution {
  readonly kind: 'uniform';
  readonly low: number;
  readonly high: number;
}
/** A continuous range, uniform in log space (`low` > 0). */
export interface LogUniformDistribution {
  readonly kind: 'loguniform';
  readonly low: number;
  readonly high: number;
}
/** Whole numbers from `low` to `high` inclusive, every `step`-th one (`step` 1 by default); on a log scale with `log` (then `step` is 1). */
export interface IntDistribution {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly step: number;
  readonly log: boolean;
}
/** One of a list of values (a grid axis under the grid strategy). */
export interface ChoiceDistribution {
  readonly kind: 'choice';
  readonly values: readonly SpaceValue[];
}
export type Distribution = UniformDistribution | LogUniformDistribution | IntDistribution | ChoiceDistribution;

/** Swept options in dimension order (the spec's key order), each with its distribution. */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** Whether a distribution has a finite set of values (int and choice). */
export function isDiscrete(d: Distribution): d is IntDistribution | ChoiceDistribution {
  return d.kind === 'int' || d.kind === 'choice';
}

/** How many values a discrete distribution has; `Infinity` for a continuous one. */
export function valueCount(d: Distribution): number {
  if (d.kind === 'choice') return d.values.length;
  if (d.kind === 'int') return Math.floor((d.high - d.low) / d.step) + 1;
  return Infinity;
}

/** The number of distinct points of a space (`Infinity` when any dimension is continuous). */
export function spaceSize(space: SearchSpace): number {
  let n = 1;
  for (const d of Object.values(space)) n *= valueCount(d);
  return n;
}

function clampUnit(u: number): number {
  return u <= 0 ? 0 : u >= 1 ? 1 - Number.EPSILON : u;
}

/** The value at unit coordinate `u` in [0, 1): linear, log-linear, or an equal-width bin for int and choice. */
export function valueAt(d: Distribution, u: number): SpaceValue {
  const v = clampUnit(u);
  switch (d.kind) {
    case 'uniform':
      return Math.min(d.high, d.low + v * (d.high - d.low));
    case 'loguniform':
      return Math.min(d.high, Math.exp(Math.log(d.low) + v * (Math.log(d.high) - Math.log(d.low))));
    case 'int': {
      if (d.log) {
        // Equal-width bins in log space over [low - 0.5, high + 0.5], so the ends are as likely as their width says.
        const lo = Math.log(d.low - 0.5);
        const hi = Math.log(d.high + 0.5);
        const x = Math.round(Math.exp(lo + v * (hi - lo)));
        return Math.min(d.high, Math.max(d.low, x));
      }
      const count = valueCount(d);
      return d.low + Math.min(count - 1, Math.floor(v * count)) * d.step;
    }
    case 'choice':
      return d.values[Math.min(d.values.length - 1, Math.floor(v * d.values.length))]!;
  }
}

/** The point at unit coordinates `u` (one per dimension, in the space's key order). */
export function fromUnit(space: SearchSpace, u: readonly number[]): Params {
  const point: Params = {};
  Object.entries(space).forEach(([key, d], i) => {
    point[key] = valueAt(d, u[i] ?? 0);
  });
  return point;
}
