/** The noop task's dataset: tiny and constant, so the machinery can run trials that train nothing. */
import type { SequenceDataset } from './types.js';

const SAMPLES = 8;
const STEPS = 2;
const VALUE = 0.5;

/** 8 samples of 2 steps of 1 feature, every value 0.5 (kind reconstruction). Its options do not change it. */
export function loadNoop(): SequenceDataset {
  return {
    task: 'noop',
    kind: 'reconstruction',
    size: SAMPLES,
    steps: STEPS,
    features: 1,
    x: new Float32Array(SAMPLES * STEPS).fill(VALUE),
    info: { source: 'noop (constant)' },
  };
}
