/**
 * The grid's points: the Cartesian product of its axes, as the grid strategy enumerates a space of choices.
 */
import type { Params } from '../messages.js';
import { gridPoints } from './search/grid.js';

/**
 * Every point of `grid`, in a stable order: keys in the grid's order, the last key varying fastest. An empty grid
 * is one point, `{}`. Each point's keys are in the grid's order too. Sweeps draw their points through their
 * strategy (`strategyOf`); this is for tests and tools that build trials of a plain grid by hand.
 */
export function expandGrid(grid: Readonly<Record<string, readonly Params[string][]>>): Params[] {
  return gridPoints(Object.fromEntries(Object.entries(grid).map(([key, values]) => [key, { kind: 'choice' as const, values }])));
}
