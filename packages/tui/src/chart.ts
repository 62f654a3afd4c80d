/**
 * A small scatter chart on a character grid, for the detail view: several series share one y axis (logarithmic
 * when every value is positive and they span more than a factor of 20), and each column is one epoch (series
 * longer than the width are resampled).
 */
import { formatNumber } from './format.js';
import { resample } from './sparkline.js';

/** A series to plot, drawn with `symbol`. */
export interface ChartSeries {
  readonly label: string;
  readonly symbol: string;
  readonly values: readonly (number | null | undefined)[];
}

/** One character cell: the index of the series drawn there, -1 for none, -2 where several overlap. */
export type ChartCell = number;

/** A plotted chart: `rows` of cells (top row first) and the labels of the y axis's top and bottom. */
export interface ChartGrid {
  readonly rows: readonly ChartCell[][];
  readonly top: string;
  readonly bottom: string;
  readonly log: boolean;
}

/** Plots `series` on a `width` × `height` grid. */
export function plotChart(series: readonly ChartSeries[], width: number, height: number): ChartGrid {
  const sampled = series.map((s) => resample(s.values, width));
  const finite = sampled.flat().filter((v): v is number => v !== null);
  const rows: ChartCell[][] = Array.from({ length: height }, () => new Array<ChartCell>(width).fill(-1));
  if (finite.length === 0) return { rows, top: '-', bottom: '-', log: false };
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  const log = min > 0 && max / min > 20;
  const scale = (v: number): number => (log ? Math.log10(v) : v);
  const [lo, hi] = [scale(min), scale(max)];
  const longest = Math.max(...sampled.map((s) => s.length));
  sampled.forEach((values, si) => {
    values.forEach((v, i) => {
      if (v === null) return;
      const x = longest <= 1 ? 0 : Math.round((i * (width - 1)) / (longest - 1));
      const y = hi === lo ? height - 1 : height - 1 - Math.round(((scale(v) - lo) / (hi - lo)) * (height - 1));
      const row = rows[y]!;
      row[x] = row[x] === -1 || row[x] === si ? si : -2;
    });
  });
  return { rows, top: formatNumber(max), bottom: formatNumber(min), log };
}
