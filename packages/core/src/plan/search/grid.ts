/**
 * The grid strategy: every point of the Cartesian product of the space's discrete dimensions (a choice's values,
 * an int's whole numbers), keys in the space's order and the last varying fastest, as `expandGrid` orders a grid.
 * It draws the next points of that order not drawn yet, whatever the history's scores. The spec refuses continuous
 * distributions under grid, so none reaches it.
 */
import type { Params } from '../../messages.js';
import { canonicalJson } from '../ids.js';
import { valueCount, type Distribution, type SearchSpace, type SpaceValue } from './space.js';
import type { StrategyFactory } from './strategy.js';

function axisValues(key: string, d: Distribution): readonly SpaceValue[] {
  if (d.kind === 'choice') return d.values;
  if (d.kind === 'int') return Array.from({ length: valueCount(d) }, (_, i) => d.low + i * (d.log ? 1 : d.step));
  throw new Error(`the grid strategy cannot enumerate the continuous dimension ${key}; the spec refuses it`);
}

/** The `index`-th point of the grid over `axes` (last axis fastest). */
function pointAt(axes: readonly (readonly [string, readonly SpaceValue[]])[], index: number): Params {
  const point: Params = {};
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const [key, values] = axes[a]!;
    point[key] = values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  // Keys in the space's order, as expandGrid gives them.
  return Object.fromEntries(axes.map(([key]) => [key, point[key]!]));
}

/** Every point of the space's grid, in order. */
export function gridPoints(space: SearchSpace): Params[] {
  const axes = Object.entries(space).map(([key, d]) => [key, axisValues(key, d)] as const);
  const size = axes.reduce((n, [, values]) => n * values.length, 1);
  return Array.from({ length: size }, (_, i) => pointAt(axes, i));
}

/** Makes the grid strategy over `context.space`. */
export const gridStrategy: StrategyFactory = ({ space }) => {
  const axes = Object.entries(space).map(([key, d]) => [key, axisValues(key, d)] as const);
  const size = axes.reduce((n, [, values]) => n * values.length, 1);
  return {
    name: 'grid',
    ask(history, n) {
      const drawn = new Set(history.map((o) => canonicalJson(o.params)));
      const out: Params[] = [];
      for (let i = 0; i < size && out.length < n; i++) {
        const point = pointAt(axes, i);
        if (!drawn.has(canonicalJson(point))) out.push(point);
      }
      return out;
    },
  };
};
