/**
 * Slice plots: the objective against each swept parameter, one panel per parameter, folds as dots and, where a
 * value recurs (a grid), the mean per value and stage as a line. A numeric parameter gets a numeric axis, on a log
 * scale where it is log (declared in the space, or spanning more than 1.5 decades).
 */
import type { ResultsFile } from '@seqsweep/core';
import type { ParamAxis } from '@seqsweep/insight';
import { formatValue, paragraph, type ReportSection } from './html.js';
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

/** One slice panel per swept parameter (those with at least two values), sharing the objective's axis. */
export async function paramsSection(results: ResultsFile, insight: SweepInsight = sweepInsight(results)): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'params', title: 'Objective against each parameter', html });
  const { metric } = results.objective;
  if (insight.axes.length === 0) return section(paragraph('The sweep varies no parameter over more than one value.', 'note'));
  const scores = foldScores(results);
  if (scores.length === 0) return section(paragraph(`No cross-validation trial finished with a ${metric}, so there is nothing to plot.`, 'note'));
  const figures: string[] = [];
  for (const axis of insight.axes) {
    figures.push(await chartFigure(sliceSpec(axis, scores, metric), `${metric} against ${axis.key}: dots are folds, lines the mean per value and stage.`));
  }
  return section([
    paragraph(`Slice plots: each dot is one fold of one point; where a value recurs (a grid) the line joins the mean ${metric} at each value over all points with it. ` +
      'A parameter whose dots rise or fall across its axis moves the score; one whose dots spread evenly over it matters little, or only together with another.'),
    `<div class="row">\n${figures.join('\n')}\n</div>`,
  ].join('\n'));
}
