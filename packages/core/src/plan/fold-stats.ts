/**
 * The spread of a point's scores over its folds. seqsweep uses the sample standard deviation (divided by n − 1)
 * everywhere it shows or compares one: over 2 to 5 folds the population std (divided by n) reads markedly smaller
 * than the spread it estimates (by a factor of √(1/2) at 2 folds). One fold says nothing about spread, so its
 * std is undefined (`NaN`; `null` in results.json, `–` on screen), not 0.
 */

/** The sample standard deviation of `values` (n − 1 in the denominator); `NaN` for fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
}

/**
 * Orders two stds for a tie-break: the smaller first, and an undefined one (a single fold) after any known one,
 * since it tells less about the point.
 */
export function compareStd(a: number, b: number): number {
  const ua = Number.isNaN(a);
  const ub = Number.isNaN(b);
  if (ua || ub) return Number(ua) - Number(ub);
  return a - b;
}
