/**
 * A range on the command line: `--learning-rate 1e-4..0.3` samples learningRate uniformly between the bounds, and
 * `log:1e-4..0.3` on a log scale. An option that takes whole numbers (`--hidden-size 4..64`) becomes an int range.
 * It becomes a `space:` entry, checked like one written in the spec.
 */
import type { SpaceEntryInput } from './search-spec.js';
import { optionSchema } from './swept-options.js';

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const RANGE = new RegExp(`^(log:)?(${NUMBER})\\.\\.(${NUMBER})$`);

/** The range a command-line value writes, or undefined when it is no range. */
export function parseRange(value: unknown): { low: number; high: number; log: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RANGE.exec(value.trim());
  return m ? { low: Number(m[2]), high: Number(m[3]), log: m[1] !== undefined } : undefined;
}

/** The `space:` entry for a range of option `key`: an int range where the option takes whole numbers only. */
export function rangeEntry(key: string, model: string | undefined, range: { low: number; high: number; log: boolean }): SpaceEntryInput {
  const { low, high, log } = range;
  const schema = optionSchema(key, model);
  const wholeOnly = Number.isInteger(low) && Number.isInteger(high) && schema?.safeParse(low + 0.5).success === false && schema.safeParse(low).success;
  if (wholeOnly) return log ? { int: [low, high], log: true } : { int: [low, high] };
  return log ? { loguniform: [low, high] } : { uniform: [low, high] };
}
