/**
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011), as Optuna's TPESampler draws it: after `startup`
 * random points, split the observations into the good (l) and the rest (g), fit a Parzen estimator to each, sample
 * candidates from l, and propose the one with the highest l(x) / g(x).
 */
import type { Params } from '../../messages.js';
import type { Rng } from '../rng.js';
import { drawnPoints, type PointSet } from './distinct-points.js';
import { ParzenEstimator, observationWeights, type EstimatorDimension, type UnitPoint } from './parzen-estimator.js';
import { pointRng, uniqueUniformPoint } from './random.js';
import { fromUnit, type SearchSpace } from './space.js';
import type { Observation, SearchStrategy, StrategyFactory } from './strategy.js';
import { TpeOptions } from './strategy-traits.js';
import { splitObservations, type Ranked } from './tpe-split.js';
import { toUnit } from './unit-coordinates.js';

/**
 * The multivariate kernels' widths: Scott's rule times 0.05 (Optuna's 0.2), and no narrower than 0.2 of Optuna's
 * magic clip. Narrower kernels exploit the good points harder; on the four benchmark surfaces, over 20 seeds, this
 * gave a lower median regret than Optuna's widths at 50 and 100 trials on every surface (tools/bench/search.mjs,
 * docs/benchmarks.md, and on 20 held-out seeds), where Optuna's own widths lost on every one. Tuned on those
 * surfaces: a noisier or more multimodal objective may want wider kernels (`multivariate: false` gives Optuna's).
 */
export const TPE_KERNELS = { bandwidthFactor: 0.05, minWidthFactor: 0.2 } as const;

/** Rounds of fresh candidates a proposal gets when every candidate of a discrete space is already drawn. */
const ROUNDS = 4;

class TpeModel {
  readonly #dims: EstimatorDimension[];
  readonly #keys: string[];

  constructor(readonly space: SearchSpace, readonly options: TpeOptions) {
    this.#keys = Object.keys(space);
    this.#dims = Object.values(space).map((d) => (d.kind === 'choice' ? { kind: 'choice', count: d.values.length } : { kind: 'numeric' }));
  }

  #unit(o: Observation): UnitPoint {
    return this.#keys.map((key) => Math.max(0, toUnit(this.space[key]!, o.params[key]!)));
  }

  #estimator(group: readonly Ranked[]): ParzenEstimator {
    const { priorWeight, multivariate } = this.options;
    const widths = multivariate ? TPE_KERNELS : { bandwidthFactor: 0.2, minWidthFactor: 1 };
    const settings = { priorWeight, multivariate, ...widths };
    return new ParzenEstimator(this.#dims, group.map((r) => this.#unit(r.observation)), observationWeights(group.length), settings);
  }

  #point(u: UnitPoint): Params {
    // A choice index goes to the middle of its bin, which valueAt maps back to the same value.
    return fromUnit(this.space, u.map((x, j) => { const d = this.#dims[j]!; return d.kind === 'choice' ? (x + 0.5) / d.count : x; }));
  }

  /** The best candidate by l/g that `drawn` lacks, or undefined when every candidate of every round is drawn. */
  propose(history: readonly Observation[], drawn: PointSet, rng: Rng): Params | undefined {
    const split = splitObservations(history, { constantLiar: this.options.constantLiar, minPoints: this.#keys.length + 2 });
    const l = this.#estimator(split.good);
    const g = this.#estimator(split.rest);
    for (let round = 0; round < ROUNDS; round++) {
      const ranked = this.options.multivariate ? this.#jointCandidates(l, g, rng) : [this.#marginalCandidate(l, g, rng)];
      const point = ranked.map((u) => this.#point(u)).find((p) => !drawn.has(p));
      if (point) return point;
    }
    return undefined;
  }

  /** Candidates drawn jointly from l, best l/g first. */
  #jointCandidates(l: ParzenEstimator, g: ParzenEstimator, rng: Rng): UnitPoint[] {
    const scored = Array.from({ length: this.options.candidates }, () => {
      const u = l.sample(rng);
      return { u, gain: l.logPdf(u) - g.logPdf(u) };
    });
    return scored.sort((a, b) => b.gain - a.gain).map((c) => c.u);
  }

  /** Optuna's univariate proposal: each dimension picks its own best candidate by its marginal l/g. */
  #marginalCandidate(l: ParzenEstimator, g: ParzenEstimator, rng: Rng): UnitPoint {
    return this.#dims.map((_, j) => {
      let best = 0;
      let bestGain = -Infinity;
      for (let c = 0; c < this.options.candidates; c++) {
        const x = l.sampleMarginal(rng, j);
        const gain = l.marginalLogPdf(j, x) - g.marginalLogPdf(j, x);
        if (gain > bestGain) [best, bestGain] = [x, gain];
      }
      return best;
    });
  }
}

/**
 * TPE search. Options: `startup` (default 10) random points first, `candidates` (default 24) per proposal,
 * `constantLiar` (default true), `multivariate` (default true), `priorWeight` (default 1).
 *
 * A point is scored when the history says `complete`; `bad` points rank below every scored one. When points carry
 * a `rung` (scores at a reduced budget), the model reads the highest rung with at least d + 2 scored points. Each
 * proposal draws from its own stream, seeded by the seed and its position in the sweep, and a batch is asked as if
 * one point at a time with the earlier ones running, so a resumed sweep proposes what an uninterrupted one would.
 *
 * @example
 * ```ts
 * import { tpeStrategy, type Observation } from '@seqsweep/core';
 * const tpe = tpeStrategy({ space: { x1: { kind: 'uniform', low: -5, high: 5 } }, seed: 1, trials: 30, options: { startup: 5 } });
 * const history: Observation[] = [];
 * for (let i = 0; i < 30; i++) {
 *   const [point] = tpe.ask(history, 1);
 *   const x = point!.x1 as number;
 *   history.push({ params: point!, state: 'complete', score: (x - 1) ** 2 });
 * }
 * // the best x1 in history is now close to 1
 * ```
 */
export const tpeStrategy: StrategyFactory = (context) => {
  const { space, seed } = context;
  // The spec's options arrive parsed; parsing again fills the defaults for a caller that passes fewer.
  const options = TpeOptions.parse(context.options);
  const model = new TpeModel(space, options);
  const strategy: SearchStrategy = {
    name: 'tpe',
    ask(history, n) {
      const drawn = drawnPoints(history);
      const working: Observation[] = [...history];
      const points: Params[] = [];
      for (let i = 0; i < n; i++) {
        const position = history.length + i;
        const rng = pointRng(seed, 'tpe', position);
        const modelled = position >= options.startup && working.some((o) => o.state === 'complete');
        const point = (modelled ? model.propose(working, drawn, rng) : undefined) ?? uniqueUniformPoint(space, drawn, rng);
        if (!point) break;
        drawn.add(point);
        points.push(point);
        working.push({ params: point, state: 'running' });
      }
      return points;
    },
  };
  return strategy;
};
