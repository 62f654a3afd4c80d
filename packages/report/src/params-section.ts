/** The objective against each swept parameter: one panel per parameter, folds as dots, stage means as lines. */
import { searchSpaceOf, valueCount, type Distribution, type ResultsFile } from '@seqsweep/core';
import { formatValue, paragraph, type ReportSection } from './html.js';
import { foldScores } from './point-scores.js';
import { chartFigure, type ChartSpec } from './render-svg.js';

/** Orders a parameter's values: numbers ascending, then everything else by its text. */
function valueOrder(values: readonly unknown[]): string[] {
  const distinct = [...new Map(values.map((v) => [formatValue(v), v])).entries()];
  distinct.sort(([ta, a], [tb, b]) => (typeof a === 'number' && typeof b === 'number' ? a - b : typeof a === 'number' ? -1 : typeof b === 'number' ? 1 : ta.localeCompare(tb)));
  return distinct.map(([text]) => text);
}

/** More distinct values than this and a numeric parameter is plotted on a continuous axis, by value. */
const MAX_ORDINAL = 12;

/** The x axis of a numeric parameter drawn from a range: on its own scale, log where the distribution is. */
function rangeAxis(key: string, d: Distribution) {
  const log = d.kind === 'loguniform' || (d.kind === 'int' && d.log);
  return { field: 'x', type: 'quantitative', title: key, scale: { type: log ? 'log' : 'linear', zero: false } } as const;
}

/** One panel per swept parameter (those with at least two values), sharing the objective's axis. */
export async function paramsSection(results: ResultsFile): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'params', title: 'Objective against each parameter', html });
  const { metric } = results.objective;
  const space = searchSpaceOf(results.spec);
  const swept = Object.entries(space).filter(([, d]) => valueCount(d) > 1).map(([key]) => key);
  const drawn = results.search ? paragraph(`Stage one's ${results.search.drawn.length} points were drawn by strategy ${results.search.strategy}.`) : '';
  if (swept.length === 0) return section(paragraph('The sweep varies no parameter over more than one value.', 'note'));
  const scores = foldScores(results);
  if (scores.length === 0) return section(paragraph(`No cross-validation trial finished with a ${metric}, so there is nothing to plot.`, 'note'));
  const figures: string[] = [];
  for (const key of swept) {
    const d = space[key]!;
    if (d.kind !== 'choice' && valueCount(d) > MAX_ORDINAL) {
      figures.push(await rangeFigure(key, d, scores, metric));
      continue;
    }
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
    drawn,
    paragraph(`Each dot is one fold of one point; the line joins the mean ${metric} at each value of the parameter, over all points with that value (a range drawn from has dots only).`),
    `<div class="row">\n${figures.join('\n')}\n</div>`,
  ].join('\n'));
}

/** A parameter drawn from a range: every fold as a dot at its value, no means (values rarely repeat). */
async function rangeFigure(key: string, d: Distribution, scores: ReturnType<typeof foldScores>, metric: string): Promise<string> {
  const values = scores.map((s) => ({ x: s.params[key], stage: s.stage, score: s.value })).filter((v) => typeof v.x === 'number');
  const spec = {
    data: { values }, width: 220, height: 170,
    mark: { type: 'circle', opacity: 0.5, size: 26 },
    encoding: {
      x: rangeAxis(key, d),
      y: { field: 'score', type: 'quantitative', title: metric, scale: { zero: false } },
      color: { field: 'stage', type: 'nominal', title: 'stage', scale: { domain: ['filter', 'evaluate'] } },
    },
  } as ChartSpec;
  return chartFigure(spec, `${metric} against ${key}: one dot per fold, at the value the point drew.`);
}
