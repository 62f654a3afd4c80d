import { describe, expect, it } from 'vitest';
import { logGamma, pairedTTest, regularizedBeta, studentTUpper, wilcoxonSignedRank } from './race-tests.js';

/** Student's sleep data (1908): the extra hours of sleep of ten patients, drug 2 minus drug 1. */
const SLEEP = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];

/** P(W+ >= w) by enumerating all 2^n sign assignments of `ranks`: the definition, independent of the DP. */
function bruteForceUpper(ranks: readonly number[], w: number): number {
  let hits = 0;
  for (let mask = 0; mask < 2 ** ranks.length; mask++) {
    const sum = ranks.reduce((a, r, i) => (mask & (1 << i) ? a + r : a), 0);
    if (sum >= w - 1e-9) hits++;
  }
  return hits / 2 ** ranks.length;
}

describe('the special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(30)).toBeCloseTo(71.257038967168, 9);
  });

  it('regularizedBeta has its closed forms: I_x(1,b) = 1-(1-x)^b and I_x(a,1) = x^a', () => {
    for (const x of [0.01, 0.3, 0.5, 0.9]) {
      expect(regularizedBeta(x, 1, 3)).toBeCloseTo(1 - (1 - x) ** 3, 13);
      expect(regularizedBeta(x, 2.5, 1)).toBeCloseTo(x ** 2.5, 13);
      expect(regularizedBeta(x, 4, 7) + regularizedBeta(1 - x, 7, 4)).toBeCloseTo(1, 13);
    }
  });
});

describe('studentTUpper', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2, 6.314, 40]) {
      expect(studentTUpper(t, 1)).toBeCloseTo(0.5 - Math.atan(t) / Math.PI, 12);
      expect(studentTUpper(t, 2)).toBeCloseTo(0.5 - t / (2 * Math.sqrt(t * t + 2)), 12);
    }
  });

  it('matches the critical values of the t table', () => {
    // t_{0.95} and t_{0.995} quantiles, as printed (six significant digits) in standard tables.
    expect(studentTUpper(2.015048, 5)).toBeCloseTo(0.05, 6);
    expect(studentTUpper(1.812461, 10)).toBeCloseTo(0.05, 6);
    expect(studentTUpper(3.169273, 10)).toBeCloseTo(0.005, 6);
    expect(studentTUpper(2.763262, 28)).toBeCloseTo(0.005, 6);
    expect(studentTUpper(1.644854, 1e7)).toBeCloseTo(0.05, 5);
  });
});

describe('pairedTTest', () => {
  it("gives Student's sleep data t = 4.0621 and the one-sided p = 0.0014165 (half of R's 0.002833)", () => {
    const out = pairedTTest(SLEEP);
    expect(out.statistic).toBeCloseTo(4.0621, 4);
    expect(out.p).toBeCloseTo(0.002833 / 2, 6);
    expect(out.n).toBe(10);
  });

  it('is one-sided: the mirrored data give 1 - p', () => {
    expect(pairedTTest(SLEEP.map((d) => -d)).p).toBeCloseTo(1 - 0.002833 / 2, 6);
  });

  it('gives p = 1 below two differences, and 0 or 1 when the differences are all equal', () => {
    expect(pairedTTest([3]).p).toBe(1);
    expect(pairedTTest([]).p).toBe(1);
    expect(pairedTTest([0.2, 0.2, 0.2]).p).toBe(0);
    expect(pairedTTest([0.1 + 0.2, 0.3, 0.30000000000000004]).p).toBe(0);
    expect(pairedTTest([-0.2, -0.2]).p).toBe(1);
    expect(pairedTTest([0, 0]).p).toBe(1);
  });

  it('with two folds needs differences within about a third of each other to reach p < 0.05', () => {
    // n = 2: t = (d1 + d2) / |d1 - d2|, Cauchy tail; t = 6.3138 is the 0.95 quantile.
    expect(pairedTTest([1, 1.3]).p).toBeLessThan(0.05);
    expect(pairedTTest([1, 1.4]).p).toBeGreaterThan(0.05);
  });
});

describe('wilcoxonSignedRank', () => {
  it('gives 2^-n when every difference is positive, dropping zeros (the sleep data: 9 non-zero, p = 1/512)', () => {
    expect(wilcoxonSignedRank([0.3, 0.1, 0.2]).p).toBeCloseTo(1 / 8, 15);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5]).p).toBeCloseTo(1 / 32, 15);
    const sleep = wilcoxonSignedRank(SLEEP);
    expect(sleep.n).toBe(9);
    expect(sleep.p).toBeCloseTo(1 / 512, 15);
  });

  it('gives 1 for no non-zero difference and for all negative ones', () => {
    expect(wilcoxonSignedRank([0, 0, 0]).p).toBe(1);
    expect(wilcoxonSignedRank([-1, -2, -3]).p).toBe(1);
  });

  it('uses midranks for ties: [1, -1, 2] has W+ = 4.5 and p = 3/8 (worked by hand)', () => {
    const out = wilcoxonSignedRank([1, -1, 2]);
    expect(out.statistic).toBe(4.5);
    expect(out.p).toBeCloseTo(3 / 8, 15);
  });

  it("matches the exact table for n = 10: P(W- <= 10) = 43/1024 = 0.0420 and P(W- <= 11) = 54/1024 = 0.0527", () => {
    // The rank sum is 55, so W+ >= 45 <=> W- <= 10; tables list 10 as the one-sided 5% critical value of n = 10.
    const signed = (negative: readonly number[]) => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => (negative.includes(r) ? -r : r));
    expect(wilcoxonSignedRank(signed([3, 7])).statistic).toBe(45);
    expect(wilcoxonSignedRank(signed([3, 7])).p).toBeCloseTo(43 / 1024, 15);
    expect(wilcoxonSignedRank(signed([4, 7])).p).toBeCloseTo(54 / 1024, 15);
  });

  it('agrees with brute-force enumeration on random data with ties', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(next() * 11);
      const d = Array.from({ length: n }, () => Math.round((next() - 0.35) * 8) / 2);
      const out = wilcoxonSignedRank(d);
      const nonZero = d.filter((x) => x !== 0);
      const abs = nonZero.map(Math.abs);
      const ranks = abs.map((a) => abs.filter((b) => b < a).length + (abs.filter((b) => b === a).length + 1) / 2);
      const w = nonZero.reduce((s, x, i) => (x > 0 ? s + ranks[i]! : s), 0);
      expect(out.statistic).toBeCloseTo(w, 12);
      expect(out.p).toBeCloseTo(nonZero.length === 0 ? 1 : bruteForceUpper(ranks, w), 12);
    }
  });
});
