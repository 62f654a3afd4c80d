/**
 * Seeded weight initialisers. Every layer of a model draws its own seed from one stream derived from the
 * trial's seed (`createRng(seed, 'init')`), so weight init is reproducible and no two matrices share a seed.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@seqsweep/core';

/** A tfjs-layers weight initialiser (the class is not exported by name). */
export type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** Hands out seeded initialisers, one fresh seed per call. */
export interface InitSeeds {
  /** A Glorot-uniform initialiser with the next seed. */
  glorot(): Initializer;
}

/** Creates the initialiser sequence of one model from its seed (a whole number). */
export function createInitSeeds(seed: number): InitSeeds {
  if (!Number.isSafeInteger(seed)) throw new Error(`model seed must be a whole number, got ${seed}`);
  const rng = createRng(seed, 'init');
  return { glorot: () => tf.initializers.glorotUniform({ seed: rng.int(2 ** 32) }) };
}
