/**
 * The spec's `space:` (distributions of swept options) and `search:` (the strategy that draws from them), and the
 * {@link SearchSpace} a parsed spec sweeps. `grid:` is shorthand for a space of choices: its axes come first, then
 * `space:`'s keys (a key may be in one of them only), so a spec with a grid alone sweeps the same points in the same
 * order as before `space:` existed.
 */
import { z } from 'zod';
import type { Distribution, SearchSpace, SpaceValue } from '../plan/search/space.js';
import { STRATEGIES, STRATEGY_NAMES, strategyEntry } from '../plan/search/registry.js';

/** A distribution as a spec writes it: a list (a choice), or one of uniform, loguniform and int. */
export type SpaceEntryInput =
  | SpaceValue[]
  | { uniform: [number, number] }
  | { loguniform: [number, number] }
  | { int: [number, number]; log?: boolean; step?: number };

/** The kinds of distribution a spec can write as a mapping. */
export const DISTRIBUTION_KINDS = ['uniform', 'loguniform', 'int'] as const;

/**
 * `space:`: swept options mapped to distributions. Every entry is checked in `space-checks.ts`, which words each
 * problem with its path (one schema per form would leave zod to say only that no form matched).
 * @default {}
 */
export const SpaceSetting = z.record(z.string(), z.custom<SpaceEntryInput>(() => true)).prefault({});

const whole = z.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a positive whole number');

/**
 * `search:`: the strategy (`grid` by default) and how many points stage one draws. The strategy's own options
 * (tpe's `startup`, ...) are checked against its registry entry in `space-checks.ts`.
 * @default { strategy: 'grid' }
 */
export const SearchSetting = z
  .looseObject({
    /** A registered strategy name. @default 'grid' */
    strategy: z.enum(STRATEGY_NAMES as [string, ...string[]]).default('grid'),
    /** How many points stage one draws: required for every strategy but grid, which draws its whole grid. */
    trials: whole.optional(),
  })
  .prefault({});

/** The parsed `search`: the strategy, its trials, and its own options with their defaults. */
export type SearchConfig = { readonly strategy: string; readonly trials?: number } & { readonly [option: string]: string | number | boolean };

/** Fills the strategy's option defaults (the checks have already accepted them). */
export function fillSearch(search: z.output<typeof SearchSetting>): SearchConfig {
  const { strategy, trials, ...options } = search;
  const filled = strategyEntry(strategy).options.parse(options) as Record<string, string | number | boolean>;
  return { strategy, ...(trials === undefined ? {} : { trials }), ...filled };
}

/** The strategy's own options of a parsed `search` (every key but `strategy` and `trials`). */
export function strategyOptions(search: SearchConfig): Record<string, string | number | boolean> {
  const { strategy: _s, trials: _t, ...options } = search;
  return options;
}

/** A checked space entry as a {@link Distribution}. */
export function toDistribution(entry: SpaceEntryInput): Distribution {
  if (Array.isArray(entry)) return { kind: 'choice', values: entry };
  const e = entry as Exclude<SpaceEntryInput, SpaceValue[]>;
  if ('uniform' in e) return { kind: 'uniform', low: e.uniform[0], high: e.uniform[1] };
  if ('loguniform' in e) return { kind: 'loguniform', low: e.loguniform[0], high: e.loguniform[1] };
  return { kind: 'int', low: e.int[0], high: e.int[1], step: e.step ?? 1, log: e.log ?? false };
}

/** The space a parsed spec sweeps: `grid`'s axes as choices, then `space`'s distributions. */
export function searchSpaceOf(spec: { readonly grid: Readonly<Record<string, readonly SpaceValue[]>>; readonly space: Readonly<Record<string, SpaceEntryInput>> }): SearchSpace {
  const space: Record<string, Distribution> = {};
  for (const [key, values] of Object.entries(spec.grid)) space[key] = { kind: 'choice', values };
  for (const [key, entry] of Object.entries(spec.space)) space[key] = toDistribution(entry);
  return space;
}

/** Whether `name` is a registered strategy. */
export const isStrategyName = (name: unknown): name is string => typeof name === 'string' && Object.hasOwn(STRATEGIES, name);
