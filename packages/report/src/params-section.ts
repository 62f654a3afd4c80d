/** The objective against each swept parameter: one panel per parameter, folds as dots, stage means as lines. */
import type { ResultsFile } from '@seqsweep/core';
import { formatValue, paragraph, type ReportSection } from './html.js';
import { foldScores } from './point-scores.js';
import { chartFigure, type ChartSpec } from './render-svg.js';

/** Orders a parameter's values: numbers ascending, then everything else by its text. */
function valueOrder(values: readonly unknown[]): string[] {
  const distinct = [...new Map(values.map((v) => [formatValue(v), v])).entries()];
  distinct.sort(([ta, a], [tb, b]) => (typeof a === 'number' && typeof b === 'number' ? a - b : typeof a === 'number' ? -1 : typeof b === 'number' ? 1 : ta.localeCompare(tb)));
  return distinct.map(([text]) => text);
}

/** One panel per swept parameter (those with at least two values), sharing the objective's axis. */
export async function paramsSection(results: ResultsFile): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'params', title: 'Objective against each parameter', html });
  const { metric } = results.objective;
  const swept = Object.entries(results.spec.grid).filter(([, values]) => values.length > 1).map(([key]) => key);
  if (swept.length === 0) return section(paragraph('The grid sweeps no parameter over more than one value.', 'note'));
  const scores = foldScores(results);
  if (scores.length === 0) return section(paragraph(`No cross-validation trial finished with a ${metric}, so there is nothing to plot.`, 'note'));
  const figures: string[] = [];
  for (const key of swept) {
    const values = scores.map((s) => ({ value: formatValue(s.params[key]), stage: s.stage, score: s.value }));
    const x = { field: 'value', type: 'ordinal', title: key, sort: valueOrder(scores.map((s) => s.params[key])), axis: { labelAngle: 0 } } as const;
    const color = { field: 'stage', type: 'nominal', title: 'stage', scale: { domain: ['filter', 'evaluate'] } } as const;
    const spec = {
      data: { values },
      width: 220, height: 170,
      layer: [
        { mark: { type: 'circle', opacity: 0.35, size: 26 }, encoding: { x, y: { field: 'score', type: 'quantitative', title: metric, scale: { zero: false } }, color } },
        { mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x, y: { aggregate: 'mean', field: 'score', type: 'quantitative' }, color } },
      ],
    } as ChartSpec;
    figures.push(await chartFigure(spec, `${metric} against ${key}: dots are folds, lines the mean per value and stage.`));
  }
  return section([
    paragraph(`Each dot is one fold of one point; the line joins the mean ${metric} at each value of the parameter, over all points with that value.`),
    `<div class="row">\n${figures.join('\n')}\n</div>`,
  ].join('\n'));
}
