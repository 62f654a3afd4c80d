/**
 * The grid's points: the Cartesian product of its axes.
 */
import type { Params } from '../messages.js';

/**
 * Every point of `grid`, in a stable order: keys in the grid's order, the last key varying fastest. An empty grid
 * is one point, `{}`. Each point's keys are in the grid's order too.
 */
export function expandGrid(grid: Readonly<Record<string, readonly Params[string][]>>): Params[] {
  const axes = Object.entries(grid);
  let points: Params[] = [{}];
  for (const [key, values] of axes) {
    const next: Params[] = [];
    for (const point of points) for (const value of values) next.push({ ...point, [key]: value });
    points = next;
  }
  return points;
}
