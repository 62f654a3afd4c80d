/** The survivors' filter-stage scores beside their evaluate-stage scores: did stage one pick well? */
import { rankPoints, type ObjectiveMode, type ResultsFile } from '@seqsweep/core';
import { formatNumber, htmlTable, paragraph, type ReportSection } from './html.js';
import { compactLabel, paramKeys } from './point-labels.js';
import { foldScores, stageScores, type StageScore } from './point-scores.js';
import { chartFigure, type ChartSpec } from './render-svg.js';

/** Each of `ids` with a score, by its rank among them: core's ranking (mean, then the smaller std, then id). */
const rankOf = (ids: readonly string[], scores: Map<string, StageScore>, mode: ObjectiveMode): Map<string, number> =>
  new Map(rankPoints(ids.flatMap((id) => scores.get(id) ?? []), mode).map((s, i) => [s.pointId, i + 1]));

/** A slope chart (each survivor's filter mean to its evaluate mean, folds as dots) and a table of both ranks. */
export async function stageScoresSection(results: ResultsFile): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'stages', title: 'Filter stage against evaluate stage', html });
  const survivors = results.survivors;
  if (survivors.length === 0) return section(paragraph('No point survived the filter stage, so there is nothing to compare.', 'note'));
  const keys = paramKeys(results);
  const { metric, mode } = results.objective;
  const scores = foldScores(results).filter((s) => survivors.includes(s.pointId));
  const filter = stageScores(scores, 'filter');
  const evaluate = stageScores(scores, 'evaluate');
  const label = (id: string): string => compactLabel((filter.get(id) ?? evaluate.get(id))?.params ?? {}, keys);
  const means = (['filter', 'evaluate'] as const).flatMap((stage) =>
    [...(stage === 'filter' ? filter : evaluate).values()].map((s) => ({ point: label(s.pointId), stage, value: s.mean })));
  const folds = scores.map((s) => ({ point: label(s.pointId), stage: s.stage, value: s.value }));
  const stageAxis = { field: 'stage', type: 'ordinal', title: 'stage', sort: ['filter', 'evaluate'], axis: { labelAngle: 0 } } as const;
  const spec = {
    title: `${metric} of the survivors in both stages`,
    width: 320, height: 240,
    layer: [
      { data: { values: folds }, mark: { type: 'circle', opacity: 0.35, size: 30 }, encoding: { x: stageAxis, y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } }, color: { field: 'point', type: 'nominal', title: keys.join(' · ') || 'point', legend: { titleLimit: 400 } } } },
      { data: { values: means }, mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x: stageAxis, y: { field: 'value', type: 'quantitative' }, color: { field: 'point', type: 'nominal' } } },
    ],
  } as ChartSpec;
  const filterRank = rankOf(survivors, filter, mode);
  const evaluateRank = rankOf(survivors, evaluate, mode);
  const rows = survivors.map((id) => {
    const f = filter.get(id);
    const e = evaluate.get(id);
    return [label(id), f ? `${formatNumber(f.mean)} ± ${formatNumber(f.std)}` : '–', String(filterRank.get(id) ?? '–'), e ? `${formatNumber(e.mean)} ± ${formatNumber(e.std)}` : '–', String(evaluateRank.get(id) ?? '–')];
  });
  return section([
    paragraph(`Each survivor's mean ${metric} over the folds of the filter stage (short budget) and of the evaluate stage (full budget); dots are single folds.`),
    await chartFigure(spec, `${survivors.length} survivors; a line that crosses others means the filter stage ranked that point differently.`),
    htmlTable([keys.join(' · ') || 'point', 'filter mean ± std', 'filter rank', 'evaluate mean ± std', 'evaluate rank'], rows, { numeric: [1, 2, 3, 4] }),
  ].join('\n'));
}
