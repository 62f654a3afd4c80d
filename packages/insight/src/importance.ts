/**
 * Parameter importance: fANOVA main effects over a random forest (`ml-random-forest`) fit on the points' scores,
 * with its uncertainty over fold resamples: the forest is fit again on each fold's scores alone, and the std of a
 * parameter's share over those fits is its `std`. It needs nothing but the points, so it works on a grid as on
 * sampled points.
 */
import { RandomForestRegression } from 'ml-random-forest';
import { treeShares, type CartNode } from './fanova.js';
import { coordinate, paramAxes, type DeclaredScale } from './param-axes.js';
import type { SweepPoint } from './sweep-points.js';

/** The method results.json names. */
export const IMPORTANCE_METHOD = 'fanova-random-forest';

/** Fewest scored points importance is computed from: below it, every split is a guess. */
export const MIN_IMPORTANCE_POINTS = 4;

/** One parameter's importance. */
export interface ParamImportance {
  /** The share of the score's variance across points that this parameter explains alone (its main effect), 0 to 1. */
  readonly share: number;
  /** The std of `share` over the fold resamples; null with fewer than two folds. */
  readonly std: number | null;
}

/** Importance of every swept parameter, as results.json records it. */
export interface Importance {
  readonly method: typeof IMPORTANCE_METHOD;
  /** Points the forest was fit on (those with a score). */
  readonly points: number;
  /** Fold resamples behind `std`. */
  readonly resamples: number;
  readonly params: Readonly<Record<string, ParamImportance>>;
}

/** Options of {@link parameterImportance}. */
export interface ImportanceOptions {
  /**
   * Trees in each forest.
   * @default 64
   */
  readonly trees?: number;
  /**
   * The forest's seed (bootstrap samples and feature order): the same points and seed give the same figures.
   * @default 0
   */
  readonly seed?: number;
  /** Scales the spec declares (`declaredScaleOf(spec)`); others are detected from the values. */
  readonly declared?: DeclaredScale;
  /**
   * Fold resamples at most (the first folds); 0 skips them (every std is then null).
   * @default 5
   */
  readonly resamples?: number;
}

interface ForestInternals {
  readonly estimators: readonly { readonly root: CartNode }[];
  readonly indexes: readonly (readonly number[])[];
}

/** Each feature's mean main-effect share over the trees of one forest fit on `x`, `y`. */
function forestShares(x: number[][], y: number[], support: number[][], trees: number, seed: number): number[] {
  const forest = new RandomForestRegression({
    nEstimators: trees, maxFeatures: support.length, replacement: false, useSampleBagging: true, noOOB: true, seed,
    treeOptions: { minNumSamples: 1 },
  });
  forest.train(x, y);
  const { estimators, indexes } = forest as unknown as ForestInternals;
  const sums = support.map(() => 0);
  let counted = 0;
  estimators.forEach((tree, i) => {
    const shares = treeShares(tree.root, indexes[i]!, support);
    if (!shares) return;
    shares.forEach((s, j) => (sums[j] = sums[j]! + s));
    counted++;
  });
  return sums.map((s) => (counted ? s / counted : 0));
}

const std = (values: readonly number[]): number => {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
};

/**
 * The importance of every parameter that takes two or more values among the scored points, or null with fewer
 * than {@link MIN_IMPORTANCE_POINTS} scored points or nothing swept.
 */
export function parameterImportance(points: readonly SweepPoint[], options: ImportanceOptions = {}): Importance | null {
  // By id, so the figures do not depend on the order results arrived in (a resumed sweep gives the same).
  const scored = points.filter((p) => p.mean !== null).sort((a, b) => (a.pointId < b.pointId ? -1 : a.pointId > b.pointId ? 1 : 0));
  const axes = paramAxes(scored.map((p) => p.params), options.declared);
  if (scored.length < MIN_IMPORTANCE_POINTS || axes.length === 0) return null;
  const x = scored.map((p) => axes.map((a) => coordinate(a, p.params[a.key])));
  const support = axes.map((_, j) => [...new Set(x.map((row) => row[j]!))].sort((a, b) => a - b));
  const trees = options.trees ?? 64;
  const seed = options.seed ?? 0;
  const main = forestShares(x, scored.map((p) => p.mean!), support, trees, seed);
  const folds = [...new Set(scored.flatMap((p) => [...p.folds.keys()]))].sort((a, b) => a - b).slice(0, options.resamples ?? 5);
  const perFold = folds.length < 2 ? [] : folds.map((f, r) => forestShares(x, scored.map((p) => p.folds.get(f) ?? p.mean!), support, trees, seed + 1 + r));
  const params = Object.fromEntries(axes.map((a, j) => [a.key, { share: main[j]!, std: perFold.length ? std(perFold.map((s) => s[j]!)) : null }]));
  return { method: IMPORTANCE_METHOD, points: scored.length, resamples: perFold.length, params };
}

/** The parameters of `importance`, most important first (ties by name). */
export function rankedParams(importance: Pick<Importance, 'params'>): [string, ParamImportance][] {
  return Object.entries(importance.params).sort(([ka, a], [kb, b]) => b.share - a.share || ka.localeCompare(kb));
}
