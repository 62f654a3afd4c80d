/**
 * A parsed spec's strategy and what can be known of its draws before the sweep runs: how many points stage one
 * draws at most, and the points drawn before any result is in (all of them, but for an adaptive strategy such as
 * tpe, its first draws). The coordinator, `plan`, the TUI and the chaos check all go through these.
 */
import type { Params } from '../../messages.js';
import { searchSpaceOf, strategyOptions } from '../../spec/search-spec.js';
import type { SweepSpec } from '../../spec/sweep-spec.js';
import { STRATEGIES, type StrategyEntry } from './registry.js';
import { spaceSize, type SearchSpace } from './space.js';
import type { Observation, SearchStrategy } from './strategy.js';

/** A spec's strategy, made. */
export interface SpecStrategy {
  readonly entry: StrategyEntry;
  readonly strategy: SearchStrategy;
  readonly space: SearchSpace;
  /** The most points stage one draws: the whole grid, or `trials` (fewer when the space has fewer points). */
  readonly size: number;
  /** `search.trials` (undefined for grid). */
  readonly trials: number | undefined;
}

/** The strategies by name: the registry, or (in tests) a table with an entry changed. */
export type StrategyTable = Readonly<Record<string, StrategyEntry>>;

/**
 * Makes the strategy `spec.search` names over the spec's space, with the spec's seed.
 * @throws {Error} for a name the table lacks (a parsed spec names a registered one).
 */
export function strategyOf(spec: SweepSpec, strategies: StrategyTable = STRATEGIES): SpecStrategy {
  const entry = strategies[spec.search.strategy];
  if (!entry) throw new Error(`search strategy ${spec.search.strategy} is not registered`);
  const space = searchSpaceOf(spec);
  const trials = spec.search.trials;
  const strategy = entry.factory({ space, seed: spec.seed, trials, options: strategyOptions(spec.search) });
  const points = spaceSize(space);
  return { entry, strategy, space, trials, size: trials === undefined ? points : Math.min(trials, points) };
}

/** The most points stage one of `spec` draws. */
export function stageOneSize(spec: SweepSpec): number {
  const space = searchSpaceOf(spec);
  const points = spaceSize(space);
  return spec.search.trials === undefined ? points : Math.min(spec.search.trials, points);
}

/**
 * Asks `strategy` for `count` points one at a time, each earlier one in the history as running: what the
 * coordinator's draws are before any result is in, whatever number it asks for at once.
 */
export function drawRunning(strategy: SearchStrategy, history: readonly Observation[], count: number): Params[] {
  const drawn: Observation[] = [...history];
  const out: Params[] = [];
  for (let i = 0; i < count; i++) {
    const [next] = strategy.ask(drawn, 1);
    if (!next) break;
    out.push(next);
    drawn.push({ params: next, state: 'running' });
  }
  return out;
}

/** What stage one draws before any result: every point, or an adaptive strategy's first draws. */
export interface FirstDraws {
  readonly points: Params[];
  /** True when more points are drawn as results arrive (tpe). */
  readonly adaptive: boolean;
  /** The most points stage one draws. */
  readonly size: number;
}

/** The points stage one of `spec` draws before any result is in. */
export function firstDraws(spec: SweepSpec, strategies: StrategyTable = STRATEGIES): FirstDraws {
  const { entry, strategy, size } = strategyOf(spec, strategies);
  if (!entry.adaptive) return { points: strategy.ask([], size), adaptive: false, size };
  const first = Math.min(size, entry.firstDraws?.(strategyOptions(spec.search)) ?? size);
  return { points: drawRunning(strategy, [], first), adaptive: true, size };
}
