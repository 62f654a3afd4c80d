/**
 * The one-sided paired tests that fold racing uses: Student's paired t-test and the exact Wilcoxon signed-rank
 * test. Both take the per-fold differences `d = candidate - reference`, signed so that a positive difference means
 * the candidate did worse, and return the p-value of "the candidate is no worse" against "it is worse".
 */

/** The outcome of one paired test. */
export interface PairedTest {
  /** One-sided p-value: the chance of a difference at least this far on the "worse" side if the two were equal. */
  readonly p: number;
  /** The test statistic: t for the t-test, W+ (the sum of the ranks of positive differences) for Wilcoxon. */
  readonly statistic: number;
  /** Differences the test used (Wilcoxon drops zero differences). */
  readonly n: number;
}

/** The names a spec gives the tests. */
export type RaceTestName = 't' | 'wilcoxon';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7), accurate to about 1e-15 relative. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (modified Lentz), which converges fast for x < (a+1)/(a+b+2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let f = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return f;
}

/** The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges on one side of the mean; the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) covers the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** P(T >= t) for Student's t with `df` degrees of freedom (df > 0). */
export function studentTUpper(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/**
 * One-sided paired t-test of `diffs` (H1: mean > 0). Fewer than two differences give p = 1. Differences that are
 * all equal have no spread: p is 0 when they are positive (every fold says worse by the same amount) and 1 otherwise.
 */
export function pairedTTest(diffs: readonly number[]): PairedTest {
  const n = diffs.length;
  if (n < 2) return { p: 1, statistic: NaN, n };
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const variance = diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1);
  const scale = Math.max(...diffs.map(Math.abs));
  // Rounding leaves a spread of about 1e-16 * scale where the differences are equal: treat that as none.
  if (Math.sqrt(variance) <= 1e-12 * scale) {
    return mean > 0 ? { p: 0, statistic: Infinity, n } : { p: 1, statistic: mean < 0 ? -Infinity : NaN, n };
  }
  const t = mean / Math.sqrt(variance / n);
  return { p: studentTUpper(t, n - 1), statistic: t, n };
}

/**
 * Ranks of `values` (1-based), ties sharing their average rank. Values within 1e-12 relative of each other tie,
 * so that metrics that differ only by float rounding are not ranked apart.
 */
function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] - order[i]![0] <= 1e-12 * Math.max(1e-300, Math.abs(order[i]![0]))) j++;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/**
 * One-sided exact Wilcoxon signed-rank test of `diffs` (H1: the differences lean positive).
 *
 * Zero differences (at most 1e-12 of the largest) are dropped, as in Wilcoxon's own method: a fold on which the
 * two points scored the same says nothing about which is worse. Tied absolute differences share their average
 * rank, and the null distribution is the exact one of those (mid)ranks under random signs, computed by dynamic
 * programming over rank sums (in half-rank units, so midranks stay whole), exact for every n up to 100 folds.
 * With n differences the smallest p-value possible is 2^-n: five folds are needed to reach p < 0.05.
 */
export function wilcoxonSignedRank(diffs: readonly number[]): PairedTest {
  const scale = Math.max(0, ...diffs.map(Math.abs));
  const kept = diffs.filter((d) => Math.abs(d) > 1e-12 * scale);
  const n = kept.length;
  if (n === 0) return { p: 1, statistic: 0, n };
  const ranks = midRanks(kept.map(Math.abs)).map((r) => Math.round(r * 2));
  const observed = kept.reduce((sum, d, i) => (d > 0 ? sum + ranks[i]! : sum), 0);
  const total = ranks.reduce((a, b) => a + b, 0);
  // dist[s]: the probability that the positive ranks sum to s (half units), each sign a fair coin.
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  for (const r of ranks) {
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= total - r; s++) {
      const q = dist[s]!;
      if (q === 0) continue;
      next[s] += q / 2;
      next[s + r] += q / 2;
    }
    dist = next;
  }
  let p = 0;
  for (let s = observed; s <= total; s++) p += dist[s]!;
  return { p: Math.min(1, p), statistic: observed / 2, n };
}

/** Runs the named test on `diffs`. */
export function pairedTest(name: RaceTestName, diffs: readonly number[]): PairedTest {
  return name === 't' ? pairedTTest(diffs) : wilcoxonSignedRank(diffs);
}
