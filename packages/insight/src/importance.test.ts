import { describe, expect, it } from 'vitest';
import { parameterImportance, rankedParams, IMPORTANCE_METHOD } from './importance.js';
import { treeShares } from './fanova.js';
import { gridPoints, randomBranin } from '../test-support/synthetic.js';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

describe('treeShares (fANOVA over one tree)', () => {
  const support = [[0, 1], [0, 1]];
  it('gives the whole variance to the only feature a tree splits on', () => {
    const tree = { splitColumn: 0, splitValue: 0.5, left: { distribution: 0 }, right: { distribution: 4 } };
    expect(treeShares(tree, [0, 1], support)).toEqual([1, 0]);
  });

  it('maps the tree\'s columns to features through the forest\'s feature order', () => {
    const tree = { splitColumn: 0, splitValue: 0.5, left: { distribution: 0 }, right: { distribution: 4 } };
    expect(treeShares(tree, [1, 0], support)).toEqual([0, 1]);
  });

  it('splits an additive surface by its parts, and gives a pure interaction no main effect', () => {
    // f = 2·x0 + x1 over {0,1}²: variances 1 and 0.25 of 1.25.
    const additive = {
      splitColumn: 0, splitValue: 0.5,
      left: { splitColumn: 1, splitValue: 0.5, left: { distribution: 0 }, right: { distribution: 1 } },
      right: { splitColumn: 1, splitValue: 0.5, left: { distribution: 2 }, right: { distribution: 3 } },
    };
    const [a, b] = treeShares(additive, [0, 1], support)!;
    expect(a).toBeCloseTo(0.8, 12);
    expect(b).toBeCloseTo(0.2, 12);
    // f = xor(x0, x1): each marginal is flat.
    const xor = {
      splitColumn: 0, splitValue: 0.5,
      left: { splitColumn: 1, splitValue: 0.5, left: { distribution: 0 }, right: { distribution: 1 } },
      right: { splitColumn: 1, splitValue: 0.5, left: { distribution: 1 }, right: { distribution: 0 } },
    };
    expect(treeShares(xor, [0, 1], support)).toEqual([0, 0]);
  });

  it('is null for a tree that predicts one value', () => {
    expect(treeShares({ distribution: 3 }, [0, 1], support)).toBeNull();
  });
});

describe('parameterImportance against truth', () => {
  it('ranks a parameter with no effect last in 10 of 10 seeds, on sampled points (branin plus a dummy x3)', () => {
    for (const seed of SEEDS) {
      const imp = parameterImportance(randomBranin(seed), { seed, trees: 32 })!;
      const ranked = rankedParams(imp).map(([k]) => k);
      expect(ranked.at(-1), `seed ${seed}: ${JSON.stringify(imp.params)}`).toBe('x3');
      expect(imp.params.x3!.share, `seed ${seed}`).toBeLessThan(0.1);
    }
  });

  it('ranks it last in 10 of 10 seeds on a grid, and finds x2 (quadratic) above x1 (linear)', () => {
    for (const seed of SEEDS) {
      const imp = parameterImportance(gridPoints(seed), { seed, trees: 32 })!;
      expect(rankedParams(imp).map(([k]) => k), `seed ${seed}`).toEqual(['x2', 'x1', 'x3']);
    }
  });

  it('comes near the exact main effects of branin (x1 0.136, x2 0.252 by quadrature) from 300 noiseless points', () => {
    const imp = parameterImportance(randomBranin(11, 300, 0), { trees: 16, resamples: 0 })!;
    expect(imp.params.x1!.share).toBeGreaterThan(0.136 - 0.05);
    expect(imp.params.x1!.share).toBeLessThan(0.136 + 0.05);
    expect(imp.params.x2!.share).toBeGreaterThan(0.252 - 0.07);
    expect(imp.params.x2!.share).toBeLessThan(0.252 + 0.07);
    expect(imp.params.x3!.share).toBeLessThan(0.01);
  });

  it('gives each share a std over the fold resamples, small beside the share of a parameter that matters', () => {
    const imp = parameterImportance(randomBranin(3), { trees: 32 })!;
    expect(imp.method).toBe(IMPORTANCE_METHOD);
    expect(imp.points).toBe(80);
    expect(imp.resamples).toBe(3);
    for (const p of Object.values(imp.params)) expect(p.std).toBeGreaterThan(0);
    const [top] = rankedParams(imp);
    expect(top![1].std!).toBeLessThan(top![1].share / 2);
    const sum = Object.values(imp.params).reduce((a, p) => a + p.share, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('gives the same figures for the same points and seed, in whatever order the points arrived', () => {
    const points = randomBranin(7, 25);
    const once = parameterImportance(points, { seed: 4, trees: 16 });
    expect(parameterImportance(points, { seed: 4, trees: 16 })).toEqual(once);
    expect(parameterImportance([...points].reverse(), { seed: 4, trees: 16 })).toEqual(once);
  });

  it('is null below four scored points or with nothing swept, and has no std with one fold', () => {
    expect(parameterImportance(randomBranin(1, 3))).toBeNull();
    const flat = randomBranin(1, 10).map((p) => ({ ...p, params: { x1: 1 } }));
    expect(parameterImportance(flat)).toBeNull();
    const oneFold = randomBranin(2, 12).map((p) => ({ ...p, folds: new Map([[0, p.mean!]]) }));
    const imp = parameterImportance(oneFold, { trees: 8 })!;
    expect(imp.resamples).toBe(0);
    expect(Object.values(imp.params).every((p) => p.std === null)).toBe(true);
  });

  it('gives every share 0 when every point scores the same', () => {
    const same = randomBranin(5, 10).map((p) => ({ ...p, mean: 1, folds: new Map([[0, 1], [1, 1]]) }));
    const imp = parameterImportance(same, { trees: 8 })!;
    expect(Object.values(imp.params).map((p) => p.share)).toEqual([0, 0, 0]);
  });
});

describe('parameterImportance on awkward points', () => {
  const base = randomBranin(9, 12);
  const cases: [string, (p: (typeof base)[number], i: number) => (typeof base)[number]['params']][] = [
    ['a key some points lack', (p, i) => (i % 3 ? { x1: p.params.x1!, x2: p.params.x2! } : { x1: p.params.x1!, x2: p.params.x2!, opt: 'sgd' })],
    ['booleans and a null', (p, i) => ({ x1: p.params.x1!, flag: i % 2 === 0, maybe: i % 4 === 0 ? null : 'x' })],
    ['numbers mixed with text', (p, i) => ({ x1: i % 2 ? p.params.x1! : 'auto', x2: p.params.x2! })],
    ['negative values and a range that reaches 0', (p, i) => ({ x1: -(p.params.x1 as number) * 100, x2: i === 0 ? 0 : (p.params.x2 as number) * 1e6 })],
    ['every point the same but one', (p, i) => ({ x1: i === 0 ? 2 : 1, x2: 5 })],
  ];
  for (const [name, params] of cases) {
    it(`gives every share in 0..1 and a finite std for ${name}`, () => {
      const imp = parameterImportance(base.map((p, i) => ({ ...p, params: params(p, i) })), { trees: 8 });
      expect(imp).not.toBeNull();
      for (const p of Object.values(imp!.params)) {
        expect(p.share).toBeGreaterThanOrEqual(0);
        expect(p.share).toBeLessThanOrEqual(1);
        expect(Number.isFinite(p.std)).toBe(true);
      }
    });
  }
});
