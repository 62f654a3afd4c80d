/**
 * Slice plots: the objective against each swept parameter, one panel per parameter, folds as dots and, where a
 * value recurs (a grid), the mean per value and stage as a line. A numeric parameter gets a numeric axis, on a log
 * scale where it is log (declared in the space, or spanning more than 1.5 decades).
 */
import type { ResultsFile } from '@seqsweep/core';
import type { ParamAxis } from '@seqsweep/insight';
import { formatNumber, formatValue, paragraph, type ReportSection } from './html.js';
import { foldScores, type FoldScore } from './point-scores.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { logScores, sweepInsight, type SweepInsight } from './sweep-insight.js';

function sliceSpec(axis: ParamAxis, scores: readonly FoldScore[], metric: string): ChartSpec {
  const numeric = axis.scale !== 'categorical';
  const values = scores.map((s) => ({ value: numeric ? s.params[axis.key] : formatValue(s.params[axis.key]), stage: s.stage, score: s.value }));
  const x = numeric
    ? { field: 'value', type: 'quantitative', title: axis.scale === 'log' ? `${axis.key} (log)` : axis.key, scale: axis.scale === 'log' ? { type: 'log' } : { zero: false } } as const
    : { field: 'value', type: 'ordinal', title: axis.key, sort: axis.values.map(formatValue), axis: { labelAngle: 0 } } as const;
  const y = { field: 'score', type: 'quantitative', title: metric, scale: logScores(scores.map((s) => s.value)) ? { type: 'log' } : { zero: false } } as const;
  const color = { field: 'stage', type: 'nominal', title: 'stage', scale: { domain: ['filter', 'evaluate'] } } as const;
  const points = new Set(scores.map((s) => s.pointId)).size;
  const recurs = axis.values.length < points;
  return {
    data: { values },
    width: 220, height: 170,
    layer: [
      { mark: { type: 'circle', opacity: 0.35, size: 26 }, encoding: { x, y, color } },
      ...(recurs ? [{ mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x, y: { aggregate: 'mean', field: 'score', type: 'quantitative' }, color } }] : []),
    ],
  } as ChartSpec;
}

/** Spearman's rank correlation of two equally long lists (average ranks for ties). */
function rankCorrelation(a: readonly number[], b: readonly number[]): number {
  const ranks = (v: readonly number[]): number[] => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (v: number[]): number => v.reduce((x, y) => x + y, 0) / v.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  const cov = ra.reduce((acc, x, i) => acc + (x - ma) * (rb[i]! - mb), 0);
  const sd = Math.sqrt(ra.reduce((acc, x) => acc + (x - ma) ** 2, 0) * rb.reduce((acc, x) => acc + (x - mb) ** 2, 0));
  return sd > 0 ? cov / sd : 0;
}

/**
 * The sentence that reads one slice over the stage-one points: where a value recurs, the best and worst value by
 * mean; for sampled values, whether the score rises or falls along the axis (rank correlation).
 */
export function sliceReading(axis: ParamAxis, insight: SweepInsight): string {
  const points = insight.stages.filter.filter((p) => p.mean !== null);
  if (points.length < 2) return '';
  const { metric, mode } = insight;
  if (axis.scale === 'categorical' || axis.values.length < points.length) {
    const groups = new Map<string, number[]>();
    for (const p of points) groups.set(formatValue(p.params[axis.key]), [...(groups.get(formatValue(p.params[axis.key])) ?? []), p.mean!]);
    const means = [...groups.entries()].map(([v, xs]) => [v, xs.reduce((a, b) => a + b, 0) / xs.length] as const).sort((a, b) => (mode === 'min' ? a[1] - b[1] : b[1] - a[1]));
    const [best, worst] = [means[0]!, means.at(-1)!];
    return `In stage one, ${axis.key} ${best[0]} gave the best mean ${metric} (${formatNumber(best[1])}), ${worst[0]} the worst (${formatNumber(worst[1])}).`;
  }
  const rho = rankCorrelation(points.map((p) => p.params[axis.key] as number), points.map((p) => p.mean!));
  const trend = Math.abs(rho) < 0.3 ? 'shows no steady trend along it' : rho < 0 ? 'falls as it rises' : 'rises as it rises';
  return `In stage one, ${metric} ${trend} (rank correlation ${formatNumber(rho, 2)}).`;
}

/** One slice panel per swept parameter (those with at least two values), sharing the objective's axis. */
export async function paramsSection(results: ResultsFile, insight: SweepInsight = sweepInsight(results)): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'params', title: 'Objective against each parameter', html });
  const { metric } = results.objective;
  if (insight.axes.length === 0) return section(paragraph('The sweep varies no parameter over more than one value.', 'note'));
  const scores = foldScores(results);
  if (scores.length === 0) return section(paragraph(`No cross-validation trial finished with a ${metric}, so there is nothing to plot.`, 'note'));
  const figures: string[] = [];
  for (const axis of insight.axes) {
    const reading = sliceReading(axis, insight);
    figures.push(await chartFigure(sliceSpec(axis, scores, metric), `${metric} against ${axis.key}: dots are folds, lines the mean per value and stage.${reading ? ` ${reading}` : ''}`));
  }
  const drawn = results.search ? paragraph(`Stage one's ${results.search.drawn.length} points were drawn by strategy ${results.search.strategy}.`) : '';
  return section([
    drawn,
    paragraph(`Slice plots: each dot is one fold of one point; where a value recurs (a grid) the line joins the mean ${metric} at each value over all points with it. ` +
      'A parameter whose dots rise or fall across its axis moves the score; one whose dots spread evenly over it matters little, or only together with another.'),
    `<div class="row">\n${figures.join('\n')}\n</div>`,
  ].join('\n'));
}
