/**
 * Optimisation history: each point's score in the order it was drawn, with the best so far, stage by stage; and
 * the same against the trial compute spent (two charts, since the report runs no script to switch an axis).
 */
import type { ResultsFile } from '@seqsweep/core';
import { DIMMED_OUTCOMES } from '@seqsweep/insight';
import { formatNumber, paragraph, type ReportSection } from './html.js';
import { compactLabel } from './point-labels.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { better, CV_STAGES, logScores, sweepInsight, withReading, type SweepInsight } from './sweep-insight.js';

interface HistoryRow {
  readonly n: number;
  readonly compute: number;
  readonly stage: string;
  readonly score: number;
  readonly best: number;
  readonly dimmed: boolean;
  readonly point: string;
}

function historyRows(insight: SweepInsight): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const keys = insight.axes.map((a) => a.key);
  let n = 0;
  for (const stage of CV_STAGES) {
    let best = NaN;
    for (const p of insight.stages[stage]) {
      n++;
      if (p.mean === null) continue;
      best = Number.isNaN(best) ? p.mean : better(insight.mode, best, p.mean);
      rows.push({ n, compute: p.computeMs / 1000, stage, score: p.mean, best, dimmed: DIMMED_OUTCOMES.has(p.outcome), point: compactLabel(p.params, keys) });
    }
  }
  return rows;
}

function historySpec(rows: HistoryRow[], boundaries: number[], x: 'n' | 'compute', metric: string, log: boolean): ChartSpec {
  const xEnc = { field: x, type: 'quantitative', title: x === 'n' ? 'point, in the order drawn (stage one, then stage two)' : 'trial compute spent, s' } as const;
  const y = { type: 'quantitative', title: `${metric} (point mean over folds)`, scale: log ? { type: 'log' } : { zero: false } } as const;
  const color = { field: 'stage', type: 'nominal', title: 'stage', scale: { domain: ['filter', 'evaluate'] } } as const;
  return {
    width: 520, height: 220,
    layer: [
      ...(boundaries.length ? [{ data: { values: boundaries.map((b) => ({ b })) }, mark: { type: 'rule', strokeDash: [4, 3], color: '#888' }, encoding: { x: { field: 'b', type: 'quantitative' } } }] : []),
      {
        data: { values: rows }, mark: { type: 'circle', size: 40 },
        encoding: { x: xEnc, y: { ...y, field: 'score' }, color, opacity: { condition: { test: 'datum.dimmed', value: 0.25 }, value: 0.85 }, tooltip: [{ field: 'point' }, { field: 'score' }] },
      },
      { data: { values: rows }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 }, encoding: { x: xEnc, y: { ...y, field: 'best' }, color, detail: { field: 'stage' } } },
    ],
  } as ChartSpec;
}

/** The sentence under the charts: where stage one's best came, and what the points after it added. */
function historyReading(insight: SweepInsight): string {
  const points = insight.stages.filter;
  const scored = points.filter((p) => p.mean !== null);
  if (scored.length === 0) return `No stage-one point has a ${insight.metric} yet.`;
  const best = scored.reduce((a, p) => (better(insight.mode, a.mean!, p.mean!) === p.mean && p.mean !== a.mean ? p : a));
  const at = points.indexOf(best) + 1;
  const total = Math.max(...points.map((p) => p.computeMs));
  const share = total > 0 ? Math.round((100 * best.computeMs) / total) : 100;
  const after = points.length - at;
  return `Stage one's best ${insight.metric}, ${formatNumber(best.mean)}, came at point ${at} of ${points.length}, after ${share}% of the stage's trial compute; ` +
    (after === 0 ? 'it was the last point drawn, so the search was still improving when it stopped.' : `the ${after} point${after === 1 ? '' : 's'} drawn after it did not improve on it` +
      (after >= points.length / 2 ? ': the search had settled well before it ended.' : '.'));
}

/** The history section: by draw order and by trial compute, stage boundaries as dashed rules. */
export async function historySection(results: ResultsFile, insight = sweepInsight(results)): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'history', title: 'Optimisation history', html });
  const rows = historyRows(insight);
  if (rows.length === 0) return section(paragraph(`No point finished with a ${insight.metric}, so there is no history to draw.`, 'note'));
  const log = logScores(rows.map((r) => r.score));
  const firstEvaluate = rows.find((r) => r.stage === 'evaluate');
  const byOrder = historySpec(rows, firstEvaluate ? [firstEvaluate.n - 0.5] : [], 'n', insight.metric, log);
  const byCompute = historySpec(rows, firstEvaluate ? [Math.min(...rows.filter((r) => r.stage === 'evaluate').map((r) => r.compute))] : [], 'compute', insight.metric, log);
  const dim = 'faded dots are points stopped early (raced out, halted or pruned)';
  return section([
    paragraph(`Each dot is one point's mean ${insight.metric} over its folds, the line the best so far within its stage (${insight.mode === 'min' ? 'lower' : 'higher'} is better); ${dim}. The dashed rule is where stage two began.`),
    withReading(await chartFigure(byOrder, `${insight.metric} of each point in the order drawn, and the best so far.`), paragraph(historyReading(insight), 'reading')),
    await chartFigure(byCompute, `The same against the trial compute spent when each point's last fold finished.`),
  ].join('\n'));
}
