/**
 * Importance against truth on the noop task's own surfaces (core's `surfaceValue`, what a noop trial reports), with
 * the points drawn by core's search strategies: branin over x1, x2 plus a key x3 the surface ignores.
 */
import { describe, expect, it } from 'vitest';
import { createRng, randomStrategy, sobolStrategy, surfaceValue, type SearchSpace, type StrategyFactory } from '@seqsweep/core';
import { parameterImportance, rankedParams } from './importance.js';
import type { SweepPoint } from './sweep-points.js';

const space: SearchSpace = {
  x1: { kind: 'uniform', low: -5, high: 10 },
  x2: { kind: 'uniform', low: 0, high: 15 },
  x3: { kind: 'uniform', low: 0, high: 1 },
};

/** `trials` points drawn by `strategy` with `seed`, 3 folds each with the surface's noise seeded per fold, as noop trials report. */
function sweep(strategy: StrategyFactory, seed: number, trials: number, noise: number): SweepPoint[] {
  const drawn = strategy({ space, seed, trials, options: {} }).ask([], trials);
  return drawn.map((params, i) => {
    const folds = new Map([0, 1, 2].map((f) => [f, surfaceValue('branin', params, noise, createRng(seed, `trial:${i}:${f}`))] as const));
    const values = [...folds.values()];
    return { pointId: `p${i}`, params, drawIndex: i, folds, mean: values.reduce((a, b) => a + b, 0) / values.length, outcome: 'ok', computeMs: i };
  });
}

describe('importance on the noop branin surface with a dummy x3', () => {
  for (const [name, strategy] of [['random', randomStrategy], ['sobol', sobolStrategy]] as const) {
    it(`ranks x3 last in 10 of 10 seeds, on 60 points drawn by ${name} search`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const imp = parameterImportance(sweep(strategy, seed, 60, 1), { seed, trees: 32 })!;
        expect(rankedParams(imp).at(-1)![0], `seed ${seed}: ${JSON.stringify(imp.params)}`).toBe('x3');
      }
    });
  }
});
