/**
 * One table over every sampling strategy (as Optuna's test_samplers.py runs one table over every sampler): adding a
 * strategy adds a row. The seam's conformance suite runs the registry; this one runs the factories directly, with
 * histories that carry scores, so that TPE's model is exercised too.
 */
import { describe, expect, it } from 'vitest';
import type { Params } from '../../messages.js';
import { canonicalJson } from '../ids.js';
import { randomStrategy } from './random.js';
import { sobolStrategy } from './sobol.js';
import type { SearchSpace } from './space.js';
import type { Observation, StrategyFactory } from './strategy.js';
import { tpeStrategy } from './tpe.js';

const MIXED: SearchSpace = {
  learningRate: { kind: 'loguniform', low: 1e-4, high: 0.3 },
  hiddenSize: { kind: 'int', low: 4, high: 64, step: 1, log: true },
  batchSize: { kind: 'int', low: 16, high: 128, step: 16, log: false },
  gradientClip: { kind: 'uniform', low: 0.5, high: 5 },
  optimizer: { kind: 'choice', values: ['adam', 'sgd', 'rmsprop'] },
};
const SMALL: SearchSpace = {
  hiddenSize: { kind: 'int', low: 1, high: 3, step: 1, log: false },
  optimizer: { kind: 'choice', values: ['adam', 'sgd'] },
};

const STRATEGIES: readonly [string, StrategyFactory, Record<string, unknown>][] = [
  ['random', randomStrategy, {}],
  ['sobol', sobolStrategy, {}],
  ['sobol, plain', sobolStrategy, { scramble: false }],
  ['tpe', tpeStrategy, { startup: 5 }],
  ['tpe, multivariate, no liar', tpeStrategy, { startup: 3, multivariate: true, constantLiar: false }],
];

/** A made-up score, so histories carry results: smaller learning rates and larger sizes score better. */
const score = (p: Params): number => canonicalJson(p).length % 7 + Number(p.hiddenSize ?? 0) / 100;

/** Asks one point at a time, telling each as complete before the next ask, as a sequential sweep does. */
function sequential(factory: StrategyFactory, space: SearchSpace, seed: number, options: Record<string, unknown>, n: number): Observation[] {
  const strategy = factory({ space, seed, trials: n, options });
  const history: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const [p] = strategy.ask(history, 1);
    if (!p) break;
    history.push({ params: p, state: 'complete', score: score(p) });
  }
  return history;
}

describe.each(STRATEGIES)('the %s strategy', (_name, factory, options) => {
  const make = (space: SearchSpace, seed = 42): ReturnType<StrategyFactory> => factory({ space, seed, trials: 40, options });

  it('respects bounds, whole numbers, steps and choices', () => {
    for (const { params: p } of sequential(factory, MIXED, 1, options, 40)) {
      expect(p.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(p.learningRate).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(p.hiddenSize) && (p.hiddenSize as number) >= 4 && (p.hiddenSize as number) <= 64).toBe(true);
      expect([16, 32, 48, 64, 80, 96, 112, 128]).toContain(p.batchSize);
      expect(p.gradientClip).toBeGreaterThanOrEqual(0.5);
      expect(p.gradientClip).toBeLessThanOrEqual(5);
      expect(['adam', 'sgd', 'rmsprop']).toContain(p.optimizer);
    }
  });

  it('gives the same points for the same seed and history, and others for another seed', () => {
    expect(sequential(factory, MIXED, 5, options, 15)).toEqual(sequential(factory, MIXED, 5, options, 15));
    if (options.scramble !== false) expect(sequential(factory, MIXED, 6, options, 15)).not.toEqual(sequential(factory, MIXED, 5, options, 15));
  });

  it('never repeats a point, and returns fewer once a discrete space is exhausted', () => {
    const history = sequential(factory, SMALL, 3, options, 10);
    expect(history).toHaveLength(6);
    expect(new Set(history.map((o) => canonicalJson(o.params))).size).toBe(6);
    expect(make(SMALL).ask(history, 3)).toEqual([]);
    const batch = make(SMALL).ask(history.slice(0, 2), 10);
    expect(batch).toHaveLength(4);
    expect(new Set([...history.slice(0, 2).map((o) => o.params), ...batch].map((p) => canonicalJson(p))).size).toBe(6);
  });

  it('continues a resumed sweep with the same points as an uninterrupted one', () => {
    const strategy = make(MIXED, 9);
    const history: Observation[] = sequential(factory, MIXED, 9, options, 6);
    const running = history.map((o, i) => (i >= 4 ? { params: o.params, state: 'running' as const } : o));
    const uninterrupted = strategy.ask(running, 4);
    // A fresh strategy (a restarted coordinator) given the same history rebuilt from the record, asked one by one.
    const resumed = make(MIXED, 9);
    const oneByOne: Params[] = [];
    for (let i = 0; i < 4; i++) oneByOne.push(...resumed.ask([...running, ...oneByOne.map((params) => ({ params, state: 'running' as const }))], 1));
    expect(oneByOne).toEqual(uninterrupted);
  });
});

// TPE concentrates where the scores are good, so only the strategies that read no score spread evenly.
describe.each(STRATEGIES.filter(([, factory]) => factory !== tpeStrategy))('the %s strategy, which reads no score', (_name, factory, options) => {
  it('spreads a log scale over its decades', () => {
    const rates = sequential(factory, MIXED, 2, options, 40).map((o) => o.params.learningRate as number);
    expect(rates.filter((r) => r < 1e-3).length).toBeGreaterThan(4);
    expect(rates.filter((r) => r > 1e-2).length).toBeGreaterThan(4);
  });
});

describe('random', () => {
  it('draws each value of a choice about equally often', () => {
    const space: SearchSpace = { c: { kind: 'choice', values: ['a', 'b', 'c', 'd'] }, x: { kind: 'uniform', low: 0, high: 1 } };
    const counts = new Map<unknown, number>();
    for (const p of randomStrategy({ space, seed: 1, trials: 400, options: {} }).ask([], 400)) counts.set(p.c, (counts.get(p.c) ?? 0) + 1);
    for (const c of counts.values()) expect(c).toBeGreaterThan(70);
  });

  it('finds the last undrawn points of a space too full for retries to hit them', () => {
    const space: SearchSpace = { n: { kind: 'int', low: 0, high: 999, step: 1, log: false } };
    const history: Observation[] = Array.from({ length: 998 }, (_, i) => ({ params: { n: i + 1 }, state: 'complete', score: i }));
    const rest = randomStrategy({ space, seed: 1, trials: 1000, options: {} }).ask(history, 5);
    expect(rest).toHaveLength(2);
    expect(rest).toEqual(expect.arrayContaining([{ n: 0 }, { n: 999 }]));
  });
});

describe('sobol', () => {
  it('draws the plain sequence in order, point k at position k', () => {
    const space: SearchSpace = { a: { kind: 'uniform', low: 0, high: 8 }, b: { kind: 'uniform', low: -1, high: 1 } };
    const points = sobolStrategy({ space, seed: 1, trials: 4, options: { scramble: false } }).ask([], 4);
    expect(points).toEqual([{ a: 0, b: -1 }, { a: 4, b: 0 }, { a: 6, b: -0.5 }, { a: 2, b: 0.5 }]);
  });

  it('stratifies every dimension: 16 points put one in each sixteenth of each range', () => {
    const space: SearchSpace = { x1: { kind: 'uniform', low: -5, high: 10 }, x2: { kind: 'uniform', low: 0, high: 15 } };
    const points = sobolStrategy({ space, seed: 7, trials: 16, options: {} }).ask([], 16);
    expect(new Set(points.map((p) => Math.floor(((p.x1 as number) + 5) / 15 * 16))).size).toBe(16);
    expect(new Set(points.map((p) => Math.floor((p.x2 as number) / 15 * 16))).size).toBe(16);
  });

  it('refuses a space of more dimensions than its table, naming the limit', () => {
    const space: SearchSpace = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`x${i + 1}`, { kind: 'uniform', low: 0, high: 1 }]));
    expect(() => sobolStrategy({ space, seed: 1, trials: 4, options: {} })).toThrow(/at most 64 dimensions/);
  });
});
