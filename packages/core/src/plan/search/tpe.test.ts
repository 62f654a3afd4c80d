import { describe, expect, it } from 'vitest';
import type { Params } from '../../messages.js';
import { randomStrategy } from './random.js';
import type { SearchSpace } from './space.js';
import type { Observation, StrategyFactory } from './strategy.js';
import { defaultGamma, modelRung, splitObservations } from './tpe-split.js';
import { TpeOptions } from './strategy-traits.js';
import { tpeStrategy } from './tpe.js';
import { SURFACES } from './surfaces.js';

const obs = (x: number, state: Observation['state'] = 'complete', rung?: number): Observation =>
  ({ params: { x }, state, ...(state === 'complete' ? { score: x } : {}), ...(rung === undefined ? {} : { rung }) });

describe('the split into good and rest', () => {
  it("uses Optuna's gamma: a tenth rounded up, at most 25", () => {
    expect([1, 10, 11, 100, 250, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25, 25]);
  });

  it('ranks complete points by score, then bad ones, then running ones under the constant liar', () => {
    const history = [obs(5), obs(0, 'running'), obs(0, 'bad'), obs(1), obs(3), obs(2), obs(4), obs(6), obs(7), obs(8), obs(9)];
    const split = splitObservations(history, { constantLiar: true, minPoints: 2, gamma: () => 3 });
    // good keeps the order of arrival
    expect(split.good.map((r) => r.observation.params.x)).toEqual([1, 3, 2]);
    expect(split.rest.map((r) => r.position)).toEqual([0, 1, 2, 6, 7, 8, 9, 10]);
    const fewer = splitObservations(history.slice(0, 4), { constantLiar: true, minPoints: 2, gamma: () => 3 });
    expect(fewer.good.map((r) => r.observation.state)).toEqual(['complete', 'bad', 'complete']);
  });

  it('leaves running points out without the constant liar', () => {
    const split = splitObservations([obs(1), obs(0, 'running'), obs(2)], { constantLiar: false, minPoints: 2 });
    expect([...split.good, ...split.rest].map((r) => r.position).sort()).toEqual([0, 2]);
  });

  it('models the highest rung with enough points, and never mixes rungs', () => {
    const history = [obs(1, 'complete', 1), obs(2, 'complete', 1), obs(3, 'complete', 1), obs(4, 'complete', 3), obs(5, 'complete', 3), obs(6)];
    expect(modelRung(history, 2)).toBe(3);
    expect(modelRung(history, 3)).toBe(1);
    expect(modelRung(history, 1)).toBe(Infinity);
    expect(modelRung(history.slice(0, 5), 9)).toBe(1);
    const split = splitObservations(history, { constantLiar: true, minPoints: 2 });
    expect([...split.good, ...split.rest].map((r) => r.observation.params.x).sort()).toEqual([4, 5]);
  });
});

const SPACE: SearchSpace = { x: { kind: 'uniform', low: -5, high: 5 }, y: { kind: 'uniform', low: -5, high: 5 } };

describe('tpe', () => {
  it('fills its options with the defaults of the issue', () => {
    expect(TpeOptions.parse({})).toEqual({ startup: 10, candidates: 24, constantLiar: true, multivariate: true, priorWeight: 1 });
    expect(TpeOptions.parse({ startup: 3, constantLiar: false }).startup).toBe(3);
  });

  it('draws its startup points without reading the scores, and models the rest', () => {
    const tpe = tpeStrategy({ space: SPACE, seed: 1, trials: 20, options: { startup: 4 } });
    const first = tpe.ask([], 4);
    const told = (score: (p: Params) => number): Observation[] => first.map((params) => ({ params, state: 'complete', score: score(params) }));
    expect(tpe.ask(told(() => 0).slice(0, 2), 2)).toEqual(first.slice(2));
    // After the startup the scores decide: told that low x is good, then that high x is, it proposes different points.
    const low = tpe.ask(told((p) => p.x as number), 1)[0]!;
    const high = tpe.ask(told((p) => -(p.x as number)), 1)[0]!;
    expect(low).not.toEqual(high);
  });

  it.each([true, false])('proposes near the good points once it has a model (multivariate %s)', (multivariate) => {
    const tpe = tpeStrategy({ space: SPACE, seed: 3, trials: 40, options: { startup: 10, multivariate } });
    const history: Observation[] = [];
    for (let i = 0; i < 40; i++) {
      const [p] = tpe.ask(history, 1);
      history.push({ params: p!, state: 'complete', score: ((p!.x as number) - 3) ** 2 + ((p!.y as number) + 2) ** 2 });
    }
    const modelled = history.slice(10).map((o) => o.score!);
    // A uniform point scores below 5 with probability 5π / 100 (4.7 of 30 expected); the model's land there far
    // more often, and one lands close to the minimum at (3, -2).
    expect(modelled.filter((s) => s < 5).length).toBeGreaterThan(12);
    expect(Math.min(...modelled)).toBeLessThan(0.5);
  });

  it('gives workers asking at once different proposals under the constant liar', () => {
    const tpe = tpeStrategy({ space: SPACE, seed: 2, trials: 30, options: { startup: 5 } });
    const history: Observation[] = randomStrategy({ space: SPACE, seed: 2, trials: 20, options: {} }).ask([], 20)
      .map((params) => ({ params, state: 'complete', score: Math.abs(params.x as number) }));
    const batch = tpe.ask(history, 4);
    expect(new Set(batch.map((p) => JSON.stringify(p))).size).toBe(4);
    // the one-at-a-time answer with the earlier ones running is the batch
    expect(tpe.ask([...history, { params: batch[0]!, state: 'running' }], 1)).toEqual([batch[1]]);
  });

  it('counts a bad point below every scored one', () => {
    const tpe = tpeStrategy({ space: { x: { kind: 'int', low: 0, high: 9, step: 1, log: false } }, seed: 4, trials: 10, options: { startup: 1 } });
    // x = 9 is bad; the best scored point is x = 8 (score 100): had the bad one been ignored, 8's side would win
    const history: Observation[] = [
      { params: { x: 9 }, state: 'bad' }, { params: { x: 8 }, state: 'complete', score: 100 },
      { params: { x: 0 }, state: 'complete', score: 101 }, { params: { x: 1 }, state: 'complete', score: 102 },
    ];
    const next = tpe.ask(history, 3).map((p) => p.x as number);
    expect(next).toHaveLength(3);
    expect(next.every((x) => x >= 0 && x <= 7)).toBe(true);
  });

  // A quality check over fixed seeds: deterministic, so it cannot flake; it asserts no time.
  it("beats random search's median regret on a quadratic after 50 trials, over 7 seeds", () => {
    const surface = SURFACES.quadratic;
    const space: SearchSpace = Object.fromEntries(surface.domain.map(([low, high], i) => [`x${i + 1}`, { kind: 'uniform', low, high }]));
    const regret = (factory: StrategyFactory, seed: number): number => {
      const s = factory({ space, seed, trials: 50, options: {} });
      const history: Observation[] = [];
      for (let i = 0; i < 50; i++) {
        const [p] = s.ask(history, 1);
        history.push({ params: p!, state: 'complete', score: surface.evaluate(surface.domain.map((_, j) => p![`x${j + 1}`] as number)) });
      }
      return Math.min(...history.map((o) => o.score!)) - surface.minimum;
    };
    const median = (f: StrategyFactory): number => Array.from({ length: 7 }, (_, seed) => regret(f, seed)).sort((a, b) => a - b)[3]!;
    expect(median(tpeStrategy)).toBeLessThan(median(randomStrategy) / 2);
  });
});
