/** Unicode-block sparklines and their resampling. */

/** The eight block heights, lowest first. */
export const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One block per value, scaled between the smallest and largest finite value (a flat series sits on the lowest
 * block). A missing or non-finite value is a space. With `width`, only the last `width` values are drawn.
 */
export function sparkline(values: readonly (number | null | undefined)[], width = values.length): string {
  const shown = width < values.length ? values.slice(values.length - Math.max(0, width)) : values;
  const finite = shown.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return ' '.repeat(shown.length);
  const min = Math.min(...finite);
  const span = Math.max(...finite) - min;
  return shown
    .map((v) => (typeof v === 'number' && Number.isFinite(v) ? BLOCKS[span === 0 ? 0 : Math.round(((v - min) / span) * 7)] : ' '))
    .join('');
}

/** Shrinks a series to at most `width` values, each the mean of the finite values of its bucket. */
export function resample(values: readonly (number | null | undefined)[], width: number): (number | null)[] {
  const n = values.length;
  if (n <= width) return values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  const out: (number | null)[] = [];
  for (let i = 0; i < width; i++) {
    const bucket = values.slice(Math.floor((i * n) / width), Math.floor(((i + 1) * n) / width))
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    out.push(bucket.length ? bucket.reduce((a, b) => a + b, 0) / bucket.length : null);
  }
  return out;
}
