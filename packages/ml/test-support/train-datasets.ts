/** Tiny datasets of each kind that the training tests train on: a few dozen samples, made in microseconds. */
import { createRng, TaskOptions } from '@seqsweep/core';
import { loadDataset } from '../src/data/index.js';
import type { SequenceDataset } from '../src/data/types.js';

/** The toy task's dataset, as a trial loads it. */
export function toyDataset(samples: number, length: number, seed: number): Promise<SequenceDataset> {
  return loadDataset(TaskOptions.parse({ name: 'toy', samples, length }), { seed });
}

/** Three classes of short noisy sequences, each with its own level. */
export function classDataset(samples: number): SequenceDataset {
  const rng = createRng(5, 'test:classes');
  const steps = 6, features = 2;
  const x = new Float32Array(samples * steps * features);
  const labels = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    labels[s] = s % 3;
    for (let i = 0; i < steps * features; i++) x[s * steps * features + i] = 0.3 * labels[s]! + 0.2 * rng.next();
  }
  return { task: 'classes', kind: 'classification', size: samples, steps, features, x, labels, numClasses: 3, info: { source: 'test' } };
}

/** Windows of a sine wave, with the window shifted by one step as the target. */
export function sineDataset(samples: number, steps: number): SequenceDataset {
  const x = new Float32Array(samples * steps);
  const target = new Float32Array(samples * steps);
  for (let s = 0; s < samples; s++) {
    for (let t = 0; t < steps; t++) {
      x[s * steps + t] = 0.5 + 0.4 * Math.sin(0.3 * (s + t));
      target[s * steps + t] = 0.5 + 0.4 * Math.sin(0.3 * (s + t + 1));
    }
  }
  return { task: 'sine', kind: 'prediction', size: samples, steps, features: 1, x, target, info: { source: 'test' } };
}

/** The whole numbers `from` ... `to - 1`. */
export const range = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);
