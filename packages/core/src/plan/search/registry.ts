/**
 * The search strategies by name: the one place that knows which exist. The spec's `search.strategy` accepts these
 * names, and everything else (the coordinator, `plan`, the views) goes through `strategyOf` (spec-strategy.ts). Adding a strategy
 * is its file plus one line here: `name: { factory: nameStrategy, ...STRATEGY_TRAITS.name }`.
 */
import { gridStrategy } from './grid.js';
import { randomStrategy } from './random.js';
import { sobolStrategy } from './sobol.js';
import { tpeStrategy } from './tpe.js';
import { STRATEGY_TRAITS, type StrategyTraits } from './strategy-traits.js';
import type { StrategyFactory } from './strategy.js';

/** One registered strategy: its factory and its traits. */
export interface StrategyEntry extends StrategyTraits {
  readonly factory: StrategyFactory;
}

/** Every registered strategy. */
export const STRATEGIES: Readonly<Record<string, StrategyEntry>> = {
  grid: { factory: gridStrategy, ...STRATEGY_TRAITS.grid },
  random: { factory: randomStrategy, ...STRATEGY_TRAITS.random },
  sobol: { factory: sobolStrategy, ...STRATEGY_TRAITS.sobol },
  tpe: { factory: tpeStrategy, ...STRATEGY_TRAITS.tpe },
};

/** The registered names, in registry order (`grid` first: the default). */
export const STRATEGY_NAMES: readonly string[] = Object.keys(STRATEGIES);

/** The entry called `name`. @throws {Error} for a name that is not registered (the spec refuses it first). */
export function strategyEntry(name: string): StrategyEntry {
  const entry = STRATEGIES[name];
  if (!entry) throw new Error(`search strategy ${name} is not registered; expected one of ${STRATEGY_NAMES.join(', ')}`);
  return entry;
}
