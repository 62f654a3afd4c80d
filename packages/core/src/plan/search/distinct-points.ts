/**
 * What every sampling strategy shares to keep its promise of no duplicate point: the set of points drawn so far
 * (compared by canonical JSON, as point ids are), the values of a discrete dimension, and the list of the points of
 * a small discrete space that are still undrawn.
 */
import type { Params } from '../../messages.js';
import { canonicalJson } from '../ids.js';
import type { Rng } from '../rng.js';
import { spaceSize, type Distribution, type SearchSpace, type SpaceValue } from './space.js';
import type { Observation } from './strategy.js';

/** Points compared by value, whatever their key order. */
export class PointSet {
  readonly #keys = new Set<string>();

  constructor(points: Iterable<Params> = []) {
    for (const p of points) this.add(p);
  }

  has(point: Params): boolean {
    return this.#keys.has(canonicalJson(point));
  }

  add(point: Params): void {
    this.#keys.add(canonicalJson(point));
  }

  get size(): number {
    return this.#keys.size;
  }
}

/** The points of `history` as a {@link PointSet}. */
export const drawnPoints = (history: readonly Observation[]): PointSet => new PointSet(history.map((o) => o.params));

/** Above this many points a discrete space is never listed point by point. */
export const ENUMERATION_LIMIT = 200_000;

/** Every value of a discrete dimension in increasing unit coordinate; undefined for a continuous one. */
export function discreteValues(d: Distribution): readonly SpaceValue[] | undefined {
  if (d.kind === 'choice') return d.values;
  if (d.kind !== 'int') return undefined;
  const step = d.log ? 1 : d.step;
  const values: number[] = [];
  for (let v = d.low; v <= d.high; v += step) values.push(v);
  return values;
}

/**
 * The points of a fully discrete space of at most {@link ENUMERATION_LIMIT} points that `drawn` lacks, in an order
 * shuffled by `rng`; undefined when the space is continuous or too large to list.
 */
export function undrawnPoints(space: SearchSpace, drawn: PointSet, rng: Rng): Params[] | undefined {
  if (spaceSize(space) > ENUMERATION_LIMIT) return undefined;
  let points: Params[] = [{}];
  for (const [key, d] of Object.entries(space)) {
    const values = discreteValues(d)!;
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return rng.shuffle(points.filter((p) => !drawn.has(p)));
}
