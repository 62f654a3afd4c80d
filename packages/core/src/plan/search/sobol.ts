/**
 * Quasi-random search: the points of a scrambled Sobol' sequence, which fill the unit cube more evenly than random
 * points do (each of the first 2^m points in its own one of 2^m equal slices of every dimension).
 */
import type { Params } from '../../messages.js';
import { createRng } from '../rng.js';
import { drawnPoints, undrawnPoints } from './distinct-points.js';
import { SobolSequence } from './sobol-sequence.js';
import { fromUnit, spaceSize } from './space.js';
import type { SearchStrategy, StrategyFactory } from './strategy.js';
import { SobolOptions } from './strategy-traits.js';

/** How far past the history's length the walk along the sequence goes, per point asked, before a discrete space is listed. */
const WALK_PER_POINT = 256;

/**
 * Sobol' search with Joe and Kuo's direction numbers (new-joe-kuo-6.21201), randomised from the seed by a linear
 * matrix scramble and a digital shift (option `scramble`, default true; false gives the plain sequence, whose first
 * point is the cube's corner).
 *
 * The point drawn at position k of the sweep is point k of the sequence. In a discrete space a point already drawn is
 * skipped for the next one along, and once the walk finds none, the remaining points are listed and one is picked.
 * At most 64 dimensions.
 *
 * @example
 * ```ts
 * import { sobolStrategy } from '@seqsweep/core';
 * const sobol = sobolStrategy({
 *   space: { x1: { kind: 'uniform', low: -5, high: 10 }, x2: { kind: 'uniform', low: 0, high: 15 } },
 *   seed: 7, trials: 16, options: {},
 * });
 * const points = sobol.ask([], 16); // one point in each sixteenth of x1's range, and of x2's
 * ```
 */
export const sobolStrategy: StrategyFactory = (context) => {
  const { space, seed, options } = context;
  const { scramble } = SobolOptions.parse(options);
  const sequence = new SobolSequence(Object.keys(space).length, scramble ? createRng(seed, 'search:sobol:scramble') : undefined);
  const strategy: SearchStrategy = {
    name: 'sobol',
    ask(history, n) {
      const drawn = drawnPoints(history);
      const points: Params[] = [];
      const end = history.length + WALK_PER_POINT * Math.max(1, n);
      for (let index = history.length; points.length < n && index < end && drawn.size < spaceSize(space); index++) {
        const point = fromUnit(space, sequence.point(index));
        if (drawn.has(point)) continue;
        drawn.add(point);
        points.push(point);
      }
      if (points.length < n) {
        const rest = undrawnPoints(space, drawn, createRng(seed, `search:sobol:rest:${history.length}`)) ?? [];
        points.push(...rest.slice(0, n - points.length));
      }
      return points;
    },
  };
  return strategy;
};
