/** Parameter importance: each swept parameter's share of the score's variance, with its std over fold resamples. */
import type { ResultsFile, ResultsImportance } from '@seqsweep/core';
import { formatNumber, paragraph, type ReportSection } from './html.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { sweepInsight, withReading } from './sweep-insight.js';

const pct = (v: number): string => `${formatNumber(100 * v, 2)}%`;

/** The bars with their std whiskers, most important first. */
export function importanceSpec(importance: ResultsImportance): ChartSpec {
  const values = Object.entries(importance.params).map(([param, { share, std }]) => ({
    param, share, lo: Math.max(0, share - (std ?? 0)), hi: Math.min(1, share + (std ?? 0)),
  }));
  const y = { field: 'param', type: 'nominal', title: null, sort: { field: 'share', order: 'descending' } } as const;
  return {
    data: { values },
    width: 420, height: { step: 26 },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' }, encoding: { y, x: { field: 'share', type: 'quantitative', title: 'share of the variance explained alone', axis: { format: '.0%' }, scale: { domain: [0, 1] } } } },
      { mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as ChartSpec;
}

/** The sentence beside the bars. */
export function importanceReading(importance: ResultsImportance, metric: string): string {
  const ranked = Object.entries(importance.params).sort(([, a], [, b]) => b.share - a.share);
  const [top, ...rest] = ranked;
  const sum = ranked.reduce((a, [, p]) => a + p.share, 0);
  const pm = (p: { share: number; std: number | null }): string => `${pct(p.share)}${p.std === null ? '' : ` ± ${pct(p.std)}`}`;
  const last = rest.at(-1);
  return `${top![0]} matters most: alone it explains ${pm(top![1])} of the variance of ${metric} across the ${importance.points} stage-one points` +
    (last ? `; ${last[0]} the least (${pm(last[1])})` : '') + `. Together the parameters' own effects explain ${pct(sum)}; the rest is interactions between them and noise between folds.`;
}

/** The importance section (from results.json's `importance`, or computed for an older file). */
export async function importanceSection(results: ResultsFile, importance = sweepInsight(results).importance): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'importance', title: 'Parameter importance', html });
  if (!importance) return section(paragraph('Parameter importance needs at least four stage-one points with a score over a swept parameter; this sweep has fewer.', 'note'));
  const method = `fANOVA over a random forest (ml-random-forest) fit on the ${importance.points} stage-one points' mean scores: a parameter's share is the variance of its own effect (the forest's prediction averaged over every other parameter) over the variance of the whole prediction. ` +
    (importance.resamples > 1 ? `Whiskers are the std of the share over ${importance.resamples} refits, each on one fold's scores.` : 'With one fold per point there is no resample, so no whisker.');
  return section([
    paragraph(method),
    withReading(await chartFigure(importanceSpec(importance), `Share of the variance of ${results.objective.metric} each parameter explains alone, with its std over fold resamples.`), paragraph(importanceReading(importance, results.objective.metric), 'reading')),
  ].join('\n'));
}
