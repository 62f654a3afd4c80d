/**
 * The SearchStrategy seam: what every way of drawing points (grid, random, sobol, tpe) implements. The coordinator
 * alone asks a strategy for points, writes each drawn point to the sweep record before publishing its trials, and
 * tells the strategy how each point ended through the history it passes to the next `ask`.
 */
import type { Params } from '../../messages.js';
import type { SearchSpace } from './space.js';

/**
 * A point drawn so far and how it stands. `score` is oriented so that lower is better (the coordinator negates a
 * `max` objective), and it is set only when `state` is `complete`.
 */
export interface Observation {
  readonly params: Params;
  /** `running`: drawn, some folds not yet ended. `complete`: every fold ended with a score. `bad`: diverged, raced out, failed or halted without a usable score. */
  readonly state: 'running' | 'complete' | 'bad';
  /** The point's score (its fold mean, lower is better); only when `state` is `complete`. */
  readonly score?: number;
  /** The epochs behind `score` where a pruner scored the point at a rung (multi-fidelity); absent for a full budget. */
  readonly rung?: number;
}

/**
 * Draws points. A strategy is a pure function of what it was created with and the history it is given: the same
 * space, seed, options and history (in the same order) give the same points, on every machine. So a resumed sweep,
 * which rebuilds the history from stored results, continues exactly as an uninterrupted one.
 */
export interface SearchStrategy {
  /** The registry name (`grid`, `random`, `sobol`, `tpe`). */
  readonly name: string;
  /**
   * Up to `n` new points, none equal to a point in `history` nor to each other. Fewer (or none) only when the space
   * has no undrawn point left, or the strategy's own budget is spent.
   */
  ask(history: readonly Observation[], n: number): Params[];
}

/** What a strategy is created with. */
export interface StrategyContext {
  readonly space: SearchSpace;
  /** The sweep's seed. A strategy derives its random streams from it and the history's length (`createRng(seed, label)`). */
  readonly seed: number;
  /** `search.trials`: how many points stage one draws (undefined for grid). */
  readonly trials: number | undefined;
  /** The strategy's own options from `search` (e.g. tpe's `startup`, `candidates`, `constantLiar`), already validated. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Makes a strategy; one per registry entry. */
export type StrategyFactory = (context: StrategyContext) => SearchStrategy;
