/**
 * Random search: every point uniform in the unit cube, mapped to the space through `fromUnit` (so uniform on a log
 * scale for `loguniform` and `int` with `log`, and each int or choice value as likely as its bin is wide).
 */
import type { Params } from '../../messages.js';
import { createRng, type Rng } from '../rng.js';
import { drawnPoints, undrawnPoints, type PointSet } from './distinct-points.js';
import { fromUnit, spaceSize, type SearchSpace } from './space.js';
import type { SearchStrategy, StrategyFactory } from './strategy.js';

/** How many fresh draws a point gets before a discrete space is listed for its undrawn points. */
const DRAWS_PER_POINT = 64;

/** The stream of the point drawn at position `position` of a sweep: one per position, so any prefix can resume. */
export const pointRng = (seed: number, strategy: string, position: number): Rng => createRng(seed, `search:${strategy}:${position}`);

/** A point uniform in the unit cube. */
export function uniformPoint(space: SearchSpace, rng: Rng): Params {
  return fromUnit(space, Object.keys(space).map(() => rng.next()));
}

/**
 * A uniform point not in `drawn`, or undefined when a discrete space has none left. Retries a few times, then lists
 * the undrawn points of a discrete space and picks one (a space that is too large to list is never that full).
 */
export function uniqueUniformPoint(space: SearchSpace, drawn: PointSet, rng: Rng): Params | undefined {
  if (drawn.size >= spaceSize(space)) return undefined;
  for (let i = 0; i < DRAWS_PER_POINT; i++) {
    const point = uniformPoint(space, rng);
    if (!drawn.has(point)) return point;
  }
  return undrawnPoints(space, drawn, rng)?.[0];
}

/**
 * Random search, the baseline every other strategy is measured against (Bergstra and Bengio 2012).
 *
 * The point at position k of the sweep draws from its own stream, seeded by the sweep's seed and k, so
 * `ask(history, 2)` gives the same points as `ask(history, 1)` followed by `ask([...history, first], 1)`.
 *
 * @example
 * ```ts
 * import { randomStrategy } from '@seqsweep/core';
 * const random = randomStrategy({
 *   space: { learningRate: { kind: 'loguniform', low: 1e-4, high: 0.3 }, hiddenSize: { kind: 'int', low: 4, high: 64, step: 1, log: true } },
 *   seed: 42, trials: 20, options: {},
 * });
 * const [first, second] = random.ask([], 2); // two distinct points, the same for seed 42 on every machine
 * ```
 */
export const randomStrategy: StrategyFactory = (context) => {
  const { space, seed } = context;
  const strategy: SearchStrategy = {
    name: 'random',
    ask(history, n) {
      const drawn = drawnPoints(history);
      const points: Params[] = [];
      for (let i = 0; i < n; i++) {
        const point = uniqueUniformPoint(space, drawn, pointRng(seed, 'random', history.length + i));
        if (!point) break;
        drawn.add(point);
        points.push(point);
      }
      return points;
    },
  };
  return strategy;
};
