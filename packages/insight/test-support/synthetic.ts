/** Deterministic synthetic sweeps for the importance tests: points over x1, x2, x3 whose score ignores x3. */
import type { SweepPoint } from '../src/sweep-points.js';

/** mulberry32: a small seeded generator, enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Branin over x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887. */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
}

/** A point with `folds` fold scores: `truth` plus independent noise of std `noise` on each fold. */
function point(id: string, params: Record<string, number>, truth: number, folds: number, noise: number, next: () => number, drawIndex: number): SweepPoint {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const scores = new Map(Array.from({ length: folds }, (_, f) => [f, truth + noise * gauss()] as const));
  const values = [...scores.values()];
  return { pointId: id, params, drawIndex, folds: scores, mean: values.reduce((a, b) => a + b, 0) / folds, outcome: 'ok', computeMs: drawIndex };
}

/** `n` points drawn uniformly over branin's domain plus a dummy x3 in [0, 1], 3 folds each. */
export function randomBranin(seed: number, n = 80, noise = 2): SweepPoint[] {
  const next = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = { x1: -5 + 15 * next(), x2: 15 * next(), x3: next() };
    return point(`p${i}`, p, branin(p.x1, p.x2), 3, noise, next, i);
  });
}

/** A 4 × 4 × 3 grid over x1, x2 and a dummy x3 (its values a log grid), score x1 + 2·x2² plus fold noise. */
export function gridPoints(seed: number, noise = 0.3): SweepPoint[] {
  const next = rng(seed);
  const out: SweepPoint[] = [];
  for (const x1 of [0, 1, 2, 3]) for (const x2 of [0, 1, 2, 3]) for (const x3 of [0.001, 0.01, 0.1]) {
    out.push(point(`g${out.length}`, { x1, x2, x3 }, x1 + 2 * x2 * x2, 3, noise, next, out.length));
  }
  return out;
}
