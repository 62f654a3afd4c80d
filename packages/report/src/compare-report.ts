/** The comparison as one self-contained HTML page: a table of the runs and their best-so-far against compute. */
import { rename, writeFile } from 'node:fs/promises';
import { formatNumber, formatValue, htmlPage, htmlTable, paragraph, type ReportSection } from './html.js';
import { runLabel, type Comparison } from './compare-runs.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { logScores } from './sweep-insight.js';

async function historyFigure(c: Comparison): Promise<string> {
  const values = c.runs.flatMap((r) => r.history.map((h) => ({ run: runLabel(r, c.runs), compute: h.computeS, best: h.best })));
  if (values.length === 0) return paragraph('No run has a scored stage-one point, so there is no history to draw.', 'note');
  const metric = c.runs[0]!.metric;
  const spec = {
    data: { values },
    width: 560, height: 260,
    mark: { type: 'line', interpolate: 'step-after', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'compute', type: 'quantitative', title: 'trial compute spent, s' },
      y: { field: 'best', type: 'quantitative', title: `best stage-one ${metric} so far`, scale: logScores(values.map((v) => v.best)) ? { type: 'log' } : { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run', legend: { labelLimit: 400 } },
    },
  } as ChartSpec;
  return chartFigure(spec, `Each run's best stage-one ${metric} so far against the trial compute it had spent: a line that drops (or rises, for a maximised metric) sooner reached a good point for less compute.`);
}

/** The page's HTML. */
export async function comparisonHtml(c: Comparison): Promise<string> {
  const rows = c.runs.map((r) => [
    runLabel(r, c.runs), r.strategy, String(r.points), String(r.trialsRun), formatNumber(r.computeS, 3),
    r.best ? Object.entries(r.best.params).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ') : '–',
    r.best ? `${formatNumber(r.best.cv.mean)} ± ${formatNumber(r.best.cv.std)} (${r.best.cv.folds})` : '–',
    r.best ? Object.entries(r.best.test).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ') : '–',
    r.importance.slice(0, 3).map((i) => `${i.param} ${formatNumber(100 * i.share, 2)}%`).join(', ') || '–',
  ]);
  const metric = c.runs[0]?.metric ?? 'objective';
  const sections: ReportSection[] = [
    {
      id: 'runs', title: 'The runs',
      html: [
        ...(c.warning ? [paragraph(`Note: ${c.warning}.`, 'verdict')] : []),
        htmlTable(['run', 'strategy', 'points', 'trials', 'compute s', 'best point', `cv ${metric} mean ± std (folds)`, 'test', 'importance (top 3)'], rows, { numeric: [2, 3, 4] }),
      ].join('\n'),
    },
    { id: 'history', title: 'Best so far against compute', html: await historyFigure(c) },
  ];
  return htmlPage('seqsweep: sweeps compared', `${c.runs.length} runs: ${c.runs.map((r) => r.dir).join(', ')}`, sections);
}

/** Writes the page to `path` (atomically) and returns it. */
export async function writeComparison(c: Comparison, path: string): Promise<string> {
  await writeFile(`${path}.tmp`, await comparisonHtml(c));
  await rename(`${path}.tmp`, path);
  return path;
}
