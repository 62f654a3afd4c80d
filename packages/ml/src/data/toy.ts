/**
 * The seed study's synthetic signal: uniform [0, 1] sequences, each with a dip (values x0.1) of 2w+1 steps
 * around a random index. At the study's length of 50 the index is in [20, 30] and w is 5.
 */
import type { TaskOptions } from '@seqsweep/core';
import { createRng } from '@seqsweep/core';
import type { DatasetInfo, SequenceDataset } from './types.js';

/** The parsed options of the `toy` task. */
export type ToyTask = Extract<TaskOptions, { name: 'toy' }>;

/** What the toy generator reports. */
export interface ToyInfo extends DatasetInfo {
  readonly seed: number;
  /** The range the dip's centre is drawn from, inclusive. */
  readonly dipCenter: readonly [number, number];
  /** Steps on each side of the centre that are scaled down. */
  readonly dipHalfWidth: number;
  /** The factor applied inside the dip. */
  readonly dipFactor: number;
}

/** Where the dip may sit in a sequence of `length` steps. */
export interface DipGeometry {
  /** Lowest and highest centre, inclusive. */
  readonly center: readonly [number, number];
  readonly halfWidth: number;
}

const STUDY_LENGTH = 50;
const DIP_FACTOR = 0.1;

/**
 * The dip's placement: centre in [20, 30] and half-width 5 from 31 steps up (the dip is clipped at the end),
 * all three scaled by `length / 50` below that, with the whole dip kept inside the sequence.
 */
export function dipGeometry(length: number): DipGeometry {
  if (length >= 31) return { center: [20, 30], halfWidth: 5 };
  const scale = length / STUDY_LENGTH;
  const halfWidth = Math.round(5 * scale);
  const lo = Math.max(Math.round(20 * scale), halfWidth);
  const hi = Math.min(Math.round(30 * scale), length - 1 - halfWidth);
  return { center: [Math.min(lo, hi), hi], halfWidth };
}

/** Generates the toy dataset (kind reconstruction, 1 feature, `length` steps) from `seed`. */
export function loadToy(options: ToyTask, seed: number): SequenceDataset<ToyInfo> {
  const { samples, length } = options;
  const rng = createRng(seed, 'data:toy');
  const { center, halfWidth } = dipGeometry(length);
  const span = center[1] - center[0] + 1;
  const x = new Float32Array(samples * length);
  for (let s = 0; s < samples; s++) {
    const base = s * length;
    for (let t = 0; t < length; t++) x[base + t] = rng.next();
    const c = center[0] + rng.int(span);
    const from = Math.max(0, c - halfWidth);
    const to = Math.min(length - 1, c + halfWidth);
    for (let t = from; t <= to; t++) x[base + t] *= DIP_FACTOR;
  }
  return {
    task: 'toy',
    kind: 'reconstruction',
    size: samples,
    steps: length,
    features: 1,
    x,
    info: { source: 'toy (synthetic)', seed, dipCenter: center, dipHalfWidth: halfWidth, dipFactor: DIP_FACTOR },
  };
}
