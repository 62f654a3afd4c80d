/**
 * Parallel coordinates over every swept parameter and the objective: one line per stage-one point, each axis
 * scaled from its smallest to its largest value (log where the parameter is log), lines coloured by score, points
 * stopped early drawn faint. The axes are drawn here as rules with their end values, since each has its own scale.
 */
import type { ResultsFile } from '@seqsweep/core';
import { coordinate, DIMMED_OUTCOMES, type ParamAxis } from '@seqsweep/insight';
import { formatNumber, formatValue, paragraph, type ReportSection } from './html.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { logScores, sweepInsight, withReading, type SweepInsight } from './sweep-insight.js';

interface Scaled {
  readonly at: (v: unknown) => number;
  readonly ticks: readonly { readonly pos: number; readonly text: string }[];
}

function scaleOf(axis: ParamAxis): Scaled {
  const coords = axis.values.map((v) => coordinate(axis, v));
  const [lo, hi] = [Math.min(...coords), Math.max(...coords)];
  const at = (v: unknown): number => (hi > lo ? (coordinate(axis, v as never) - lo) / (hi - lo) : 0.5);
  const shown = axis.scale === 'categorical' && axis.values.length <= 8 ? axis.values : [axis.values[0], axis.values.at(-1)];
  return { at, ticks: shown.map((v) => ({ pos: at(v), text: formatValue(v) })) };
}

function scoreScale(scores: readonly number[]): Scaled {
  const log = logScores(scores);
  const f = (v: number): number => (log ? Math.log10(v) : v);
  const [lo, hi] = [Math.min(...scores.map(f)), Math.max(...scores.map(f))];
  const at = (v: unknown): number => (hi > lo ? (f(v as number) - lo) / (hi - lo) : 0.5);
  return { at, ticks: [Math.min(...scores), Math.max(...scores)].map((v) => ({ pos: at(v), text: formatNumber(v, 3) })) };
}

/** The spec, or undefined when stage one has no scored point or nothing is swept. */
export function parallelSpec(insight: SweepInsight): ChartSpec | undefined {
  const points = insight.stages.filter;
  const scores = points.flatMap((p) => (p.mean === null ? [] : [p.mean]));
  if (scores.length === 0 || insight.axes.length === 0) return undefined;
  const dims = [...insight.axes.map((a) => ({ name: a.scale === 'log' ? `${a.key} (log)` : a.key, key: a.key, scale: scaleOf(a) })), { name: insight.metric, key: null, scale: scoreScale(scores) }];
  const lines = points.flatMap((p) => dims.flatMap((d) => {
    const value = d.key === null ? p.mean : p.params[d.key];
    if (value === null || value === undefined) return [];
    return [{ point: p.pointId, dim: d.name, pos: d.scale.at(value), score: p.mean, dimmed: DIMMED_OUTCOMES.has(p.outcome) }];
  }));
  // Points with no score (diverged, pruned, failed) still say where they were: grey, dashed, over the parameters only.
  const scored = lines.filter((l) => l.score !== null);
  const unscored = lines.filter((l) => l.score === null);
  const ticks = dims.flatMap((d) => d.scale.ticks.map((t) => ({ dim: d.name, ...t })));
  const x = { field: 'dim', type: 'nominal', sort: dims.map((d) => d.name), title: null, axis: { orient: 'top', labelAngle: 0, domain: false, ticks: false } } as const;
  const y = { field: 'pos', type: 'quantitative', axis: null, scale: { domain: [0, 1] } } as const;
  return {
    width: Math.max(360, 130 * dims.length), height: 260,
    layer: [
      { data: { values: dims.map((d) => ({ dim: d.name })) }, mark: { type: 'rule', color: '#999' }, encoding: { x, y: { datum: 0, type: 'quantitative', axis: null, scale: { domain: [0, 1] } }, y2: { datum: 1 } } },
      ...(unscored.length ? [{ data: { values: unscored }, mark: { type: 'line', strokeWidth: 1, strokeDash: [3, 3], color: '#999', opacity: 0.5 }, encoding: { x, y, detail: { field: 'point' } } }] : []),
      {
        data: { values: scored }, mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x, y, detail: { field: 'point' },
          color: { field: 'score', type: 'quantitative', title: insight.metric, scale: { scheme: 'viridis', reverse: insight.mode === 'min' } },
          opacity: { condition: { test: 'datum.dimmed', value: 0.15 }, value: 0.8 },
        },
      },
      { data: { values: ticks }, mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' }, encoding: { x, y, text: { field: 'text' } } },
    ],
  } as ChartSpec;
}

/** Where the best quarter of stage one lies on each axis, in a sentence. */
function parallelReading(insight: SweepInsight): string {
  const scored = insight.stages.filter.filter((p) => p.mean !== null);
  const sorted = [...scored].sort((a, b) => (insight.mode === 'min' ? a.mean! - b.mean! : b.mean! - a.mean!));
  const top = sorted.slice(0, Math.max(1, Math.ceil(sorted.length / 4)));
  const ranges = insight.axes.map((a) => {
    if (a.scale === 'categorical') return `${a.key} ${[...new Set(top.map((p) => formatValue(p.params[a.key])))].join('/')}`;
    const vals = top.map((p) => p.params[a.key] as number);
    const [lo, hi] = [Math.min(...vals), Math.max(...vals)];
    return lo === hi ? `${a.key} ${formatValue(lo)}` : `${a.key} ${formatValue(lo)}–${formatValue(hi)}`;
  });
  return `The best ${top.length} of ${scored.length} stage-one point${scored.length === 1 ? '' : 's'} (the brightest lines) have ${ranges.join(', ')}: ` +
    'where their lines bunch on an axis the parameter matters; where they spread over it, it matters little.';
}

/** The parallel-coordinates section. */
export async function parallelSection(results: ResultsFile, insight = sweepInsight(results)): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'parallel', title: 'Parallel coordinates', html });
  const spec = parallelSpec(insight);
  if (!spec) return section(paragraph('No stage-one point has a score over a swept parameter, so there are no lines to draw.', 'note'));
  return section(withReading(
    await chartFigure(spec, `Each line is one stage-one point through its parameter values and its ${insight.metric}; colour is the score, faint lines were stopped early, grey dashed ones have no score (diverged, pruned or failed).`),
    paragraph(parallelReading(insight), 'reading'),
  ));
}
