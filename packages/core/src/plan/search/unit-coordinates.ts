/**
 * The inverse of `valueAt`: where in [0, 1) a value of a dimension lies, the middle of its bin for int and choice.
 * Model-based strategies read their history through it, so a told point sits where a drawn one came from.
 */
import { canonicalJson } from '../ids.js';
import type { Distribution, SpaceValue } from './space.js';

const clamp01 = (u: number): number => (Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : 0.5);

/**
 * The unit coordinate of `value` in `d`; for a choice, its index (or -1 for a value not in the list). A value
 * outside a range is clamped to the range's end.
 */
export function toUnit(d: Distribution, value: SpaceValue): number {
  if (d.kind === 'choice') {
    const i = d.values.indexOf(value);
    return i >= 0 ? i : d.values.findIndex((v) => canonicalJson(v) === canonicalJson(value));
  }
  const v = Number(value);
  switch (d.kind) {
    case 'uniform':
      return clamp01((v - d.low) / (d.high - d.low));
    case 'loguniform':
      return clamp01(Math.log(v / d.low) / Math.log(d.high / d.low));
    case 'int': {
      if (d.log) {
        const lo = Math.log(d.low - 0.5);
        const span = Math.log(d.high + 0.5) - lo;
        // The middle of the bin in log space, which is where valueAt rounds from.
        return clamp01((0.5 * (Math.log(v - 0.5) + Math.log(v + 0.5)) - lo) / span);
      }
      const count = Math.floor((d.high - d.low) / d.step) + 1;
      return clamp01((Math.round((v - d.low) / d.step) + 0.5) / count);
    }
  }
}
