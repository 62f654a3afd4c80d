/**
 * TPE's Parzen estimator over the unit cube: a weighted mixture with one kernel per observed point plus a prior
 * kernel, as in Optuna's `_ParzenEstimator` (Watanabe 2023, "Tree-structured Parzen estimator: understanding its
 * algorithm components"). A numeric dimension (uniform, loguniform, int: their unit coordinates) gets normal kernels
 * truncated to [0, 1]; a choice gets a one-hot kernel smoothed toward uniform by the prior weight.
 */
import type { Rng } from '../rng.js';
import { logTruncatedNormal, sampleTruncatedNormal } from './truncated-normal.js';

/** A dimension as the estimator sees it: numeric in [0, 1], or a choice among `count` values. */
export type EstimatorDimension = { readonly kind: 'numeric' } | { readonly kind: 'choice'; readonly count: number };

/** A point in the estimator's coordinates: a unit coordinate per numeric dimension, an index per choice. */
export type UnitPoint = readonly number[];

/** How the kernels are shaped. */
export interface EstimatorSettings {
  /** The prior kernel's weight against one observation's (Optuna's `prior_weight`). */
  readonly priorWeight: number;
  /**
   * Joint kernels with Scott's rule for their widths (Optuna's `multivariate`), or one mixture per dimension with
   * each kernel as wide as the gap to its farther neighbour (Optuna's univariate rule).
   */
  readonly multivariate: boolean;
  /** Scales the multivariate bandwidth (Optuna's is 0.2). */
  readonly bandwidthFactor: number;
  /**
   * Scales the narrowest kernel allowed, 1 / min(100, kernels + 1) of the range in Optuna's magic clip (which is
   * factor 1), so that few points do not make spikes.
   */
  readonly minWidthFactor: number;
}

/**
 * Optuna's weights of the observations in the order they arrived: 1 each up to 25, beyond that the oldest get less,
 * rising linearly from 1/n to 1 with the last 25 at 1.
 */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  return Array.from({ length: n }, (_, i) => (i < ramp ? (ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)) : 1));
}

/** Kernel widths of one numeric dimension under the univariate rule (the prior's not included). */
function univariateSigmas(mus: readonly number[]): number[] {
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]!);
  const sorted = order.map((i) => mus[i]!);
  const n = sorted.length;
  const sigmas = new Array<number>(n);
  order.forEach((origin, r) => {
    const left = r > 0 ? sorted[r]! - sorted[r - 1]! : sorted[r]!;
    const right = r < n - 1 ? sorted[r + 1]! - sorted[r]! : 1 - sorted[r]!;
    // Optuna's consider_endpoints=false: the outermost kernels look only inward, when there is an inward neighbour.
    if (n >= 2 && r === 0) sigmas[origin] = right;
    else if (n >= 2 && r === n - 1) sigmas[origin] = left;
    else sigmas[origin] = Math.max(left, right);
  });
  return sigmas;
}

const logSumExp = (xs: readonly number[]): number => {
  const m = Math.max(...xs);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
};

/** A mixture of kernels: the observed points' and, last, the prior's. */
export class ParzenEstimator {
  /** Log mixture weight of each kernel. */
  readonly logWeights: number[];
  /** Per kernel, per numeric dimension: mean and width (0 for a choice dimension). */
  readonly mus: number[][];
  readonly sigmas: number[][];
  /** Per kernel, per choice dimension: the log probability of each value (empty for a numeric one). */
  readonly logProbs: number[][][];

  constructor(readonly dims: readonly EstimatorDimension[], points: readonly UnitPoint[], weights: readonly number[], settings: EstimatorSettings) {
    const n = points.length;
    const all = [...weights, settings.priorWeight];
    const total = all.reduce((a, b) => a + b, 0);
    this.logWeights = all.map((w) => Math.log(w / total));
    this.mus = Array.from({ length: n + 1 }, () => new Array<number>(dims.length).fill(0));
    this.sigmas = Array.from({ length: n + 1 }, () => new Array<number>(dims.length).fill(0));
    this.logProbs = Array.from({ length: n + 1 }, () => dims.map(() => [] as number[]));
    const minSigma = settings.minWidthFactor / Math.min(100, n + 2);
    const scott = settings.bandwidthFactor * Math.max(n, 1) ** (-1 / (dims.length + 4));
    dims.forEach((d, j) => {
      if (d.kind === 'choice') {
        const smooth = settings.priorWeight / (n + 1);
        for (let k = 0; k <= n; k++) {
          const raw = Array.from({ length: d.count }, (_, c) => smooth + (k < n && points[k]![j] === c ? 1 : 0));
          const sum = raw.reduce((a, b) => a + b, 0);
          this.logProbs[k]![j] = raw.map((p) => Math.log(p / sum));
        }
        return;
      }
      const mus = points.map((p) => p[j]!);
      const sigmas = settings.multivariate ? mus.map(() => scott) : univariateSigmas([...mus, 0.5]).slice(0, n);
      for (let k = 0; k < n; k++) {
        this.mus[k]![j] = mus[k]!;
        this.sigmas[k]![j] = Math.min(1, Math.max(minSigma, sigmas[k]!));
      }
      this.mus[n]![j] = 0.5;
      this.sigmas[n]![j] = 1;
    });
  }

  /** The log density of kernel `k` at `x` in dimension `j`. */
  kernelLogPdf(k: number, j: number, x: number): number {
    const d = this.dims[j]!;
    if (d.kind === 'choice') return this.logProbs[k]![j]![x] ?? -Infinity;
    return logTruncatedNormal(x, this.mus[k]![j]!, this.sigmas[k]![j]!, 0, 1);
  }

  /** The mixture's log density at `x` (joint kernels: one component choice for every dimension). */
  logPdf(x: UnitPoint): number {
    return logSumExp(this.logWeights.map((lw, k) => lw + x.reduce((s, xj, j) => s + this.kernelLogPdf(k, j, xj), 0)));
  }

  /** The log density of dimension `j`'s own mixture (the marginal) at `x`. */
  marginalLogPdf(j: number, x: number): number {
    return logSumExp(this.logWeights.map((lw, k) => lw + this.kernelLogPdf(k, j, x)));
  }

  #pickKernel(rng: Rng): number {
    let u = rng.next();
    for (let k = 0; k < this.logWeights.length; k++) {
      u -= Math.exp(this.logWeights[k]!);
      if (u < 0) return k;
    }
    return this.logWeights.length - 1;
  }

  /** A draw of dimension `j` from kernel `k`. */
  #draw(rng: Rng, k: number, j: number): number {
    const d = this.dims[j]!;
    if (d.kind === 'numeric') return sampleTruncatedNormal(rng, this.mus[k]![j]!, this.sigmas[k]![j]!, 0, 1);
    let u = rng.next();
    const probs = this.logProbs[k]![j]!;
    for (let c = 0; c < probs.length; c++) {
      u -= Math.exp(probs[c]!);
      if (u < 0) return c;
    }
    return probs.length - 1;
  }

  /** A point from the joint mixture: one kernel for every dimension. */
  sample(rng: Rng): number[] {
    const k = this.#pickKernel(rng);
    return this.dims.map((_, j) => this.#draw(rng, k, j));
  }

  /** A value of dimension `j` from its marginal mixture. */
  sampleMarginal(rng: Rng, j: number): number {
    return this.#draw(rng, this.#pickKernel(rng), j);
  }
}
