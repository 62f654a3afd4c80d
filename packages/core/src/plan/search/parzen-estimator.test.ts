import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { ParzenEstimator, observationWeights } from './parzen-estimator.js';
import { erfc, logTruncatedNormal, normalCdf, sampleTruncatedNormal } from './truncated-normal.js';

// Expected values: the kernels (means, widths, weights) of Optuna 3.1's _ParzenEstimator (consider_prior,
// prior_weight 1, magic clip, no endpoints, default weights) on the same tiny inputs, and their mixture densities by
// scipy 1.10's truncnorm.logpdf, computed once and written here. (Optuna 3.1.0's own log_pdf leaves out each
// kernel's -log(sigma), its _truncnorm.logpdf ignoring `scale`; its categorical values are unaffected.)
const PRIOR = { priorWeight: 1, multivariate: false, bandwidthFactor: 0.2, minWidthFactor: 1 };

describe('the truncated normal', () => {
  it('matches known values of erfc and Φ', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 7);
    expect(erfc(-2)).toBeCloseTo(1.9953222650189528, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
  });

  it('matches scipy truncnorm.logpdf, deep in a tail too', () => {
    expect(logTruncatedNormal(0.4, 0.2, 0.3, 0, 1)).toBeCloseTo(0.3589604169900572, 6);
    expect(logTruncatedNormal(0.99, 0.05, 0.01, 0, 1)).toBeCloseTo(-4414.313768060564, 4);
    expect(logTruncatedNormal(0.9, 0.95, 0.02, 0, 1)).toBeCloseTo(-0.12568650229065748, 6);
    expect(logTruncatedNormal(1.2, 0.5, 0.1, 0, 1)).toBe(-Infinity);
  });

  it('draws inside the bounds, even when the kernel sits at an edge', () => {
    const rng = createRng(1, 'tn');
    const xs = Array.from({ length: 2000 }, () => sampleTruncatedNormal(rng, 0, 0.05, 0, 1));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(0.3);
    // half a normal of width 0.05 has mean 0.05 * sqrt(2 / π)
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.05 * Math.sqrt(2 / Math.PI), 2);
  });
});

describe('ParzenEstimator', () => {
  it("weighs observations as Optuna's default_weights does", () => {
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const w = observationWeights(30);
    expect(w.slice(0, 5).map((x) => +x.toFixed(12))).toEqual([0.033333333333, 0.275, 0.516666666667, 0.758333333333, 1]);
    expect(w.slice(5)).toEqual(new Array(25).fill(1));
  });

  it("gives Optuna's univariate log density: widths from neighbours, the prior kernel, the magic clip", () => {
    const e = new ParzenEstimator([{ kind: 'numeric' }], [[0.2], [0.6]], [1, 1], PRIOR);
    expect(e.sigmas.map((s) => s[0])).toEqual([0.3, 0.25, 1]);
    expect(e.mus.map((m) => m[0])).toEqual([0.2, 0.6, 0.5]);
    expect(e.logPdf([0])).toBeCloseTo(-0.20381013998527442, 6);
    expect(e.logPdf([0.4])).toBeCloseTo(0.21111027381616965, 6);
    expect(e.logPdf([0.95])).toBeCloseTo(-0.5922465652109441, 6);
    expect(e.marginalLogPdf(0, 0.4)).toBeCloseTo(0.21111027381616965, 6);
  });

  it("gives Optuna's categorical log probabilities, one-hot kernels smoothed by the prior", () => {
    const e = new ParzenEstimator([{ kind: 'choice', count: 3 }], [[0], [0], [2]], [1, 1, 1], PRIOR);
    expect(e.logPdf([0])).toBeCloseTo(-0.7419373447293773, 9);
    expect(e.logPdf([1])).toBeCloseTo(-1.6582280766035324, 9);
    expect(e.logPdf([2])).toBeCloseTo(-1.0986122886681096, 9);
  });

  it("gives Optuna's multivariate log density (Scott's rule, clipped)", () => {
    const e = new ParzenEstimator([{ kind: 'numeric' }, { kind: 'numeric' }], [[0.2, 0.1], [0.6, 0.5], [0.9, 0.3]], [1, 1, 1], { ...PRIOR, multivariate: true });
    // Scott's 0.2 * 3^(-1/6) = 0.167 is below the clip's 1 / (1 + 4 kernels)
    expect(e.sigmas.map((s) => s[0])).toEqual([0.2, 0.2, 0.2, 1]);
    expect(e.logPdf([0.25, 0.15])).toBeCloseTo(0.64599878928514, 6);
    expect(e.logPdf([0.7, 0.9])).toBeCloseTo(-0.969662374129661, 6);
  });

  it('narrows its kernels no further than the clip allows, scaled by minWidthFactor', () => {
    const points = [[0.5, 0.5], [0.51, 0.5], [0.49, 0.5]];
    const wide = new ParzenEstimator([{ kind: 'numeric' }, { kind: 'numeric' }], points, [1, 1, 1], { ...PRIOR, multivariate: true, bandwidthFactor: 0.05 });
    const narrow = new ParzenEstimator([{ kind: 'numeric' }, { kind: 'numeric' }], points, [1, 1, 1], { ...PRIOR, multivariate: true, bandwidthFactor: 0.05, minWidthFactor: 0.2 });
    expect(wide.sigmas[0]).toEqual([0.2, 0.2]);
    // 0.05 * 3^(-1/6) = 0.0416 is above 0.2 / 5
    expect(narrow.sigmas[0]![0]).toBeCloseTo(0.05 * 3 ** (-1 / 6), 12);
    expect(narrow.logPdf([0.5, 0.5])).toBeGreaterThan(wide.logPdf([0.5, 0.5]) + 2);
  });

  it('samples near its observations, and a mixture that integrates to one', () => {
    const e = new ParzenEstimator([{ kind: 'numeric' }], [[0.1], [0.12], [0.11]], [1, 1, 1], PRIOR);
    const rng = createRng(2, 'pe');
    const xs = Array.from({ length: 1000 }, () => e.sample(rng)[0]!);
    // three of four kernels sit at 0.1 with width 0.2 (the clip): most draws land below 0.5
    expect(xs.filter((x) => x < 0.5).length).toBeGreaterThan(750);
    let integral = 0;
    for (let i = 0; i < 10_000; i++) integral += Math.exp(e.logPdf([(i + 0.5) / 10_000])) / 10_000;
    expect(integral).toBeCloseTo(1, 4);
  });
});
