/** The leaderboard of the report: every point ranked, and the best point with its test metrics. */
import { haltedText, type LeaderboardEntry, type ResultsFile } from '@seqsweep/core';
import { formatNumber, formatValue, htmlTable, paragraph, type ReportSection } from './html.js';
import { paramKeys, pointLabel } from './point-labels.js';

/** A row's status: a halted point says where it stopped, `halted at 4 epochs (rank 7 of 9)`. */
const statusText = (e: LeaderboardEntry): string => (e.halted ? haltedText(e.halted) : e.status);

/** The leaderboard table, with the best point's row marked, and the best point's test metrics. */
export function leaderboardSection(results: ResultsFile): ReportSection {
  const keys = paramKeys(results);
  const metric = results.objective.metric;
  const header = ['rank', 'stage', ...keys, `${metric} mean`, 'std', 'folds', 'status', 'survivor'];
  const rows = results.leaderboard.map((e) => [
    String(e.rank), e.stage, ...keys.map((k) => formatValue(e.params[k])), formatNumber(e.mean), formatNumber(e.std),
    String(e.folds), statusText(e), e.survivor ? 'yes' : '',
  ]);
  const best = results.best;
  const bestRow = best ? results.leaderboard.findIndex((e) => e.pointId === best.pointId && e.stage === 'evaluate') : -1;
  const numeric = [0, ...keys.map((_, i) => i + 2), keys.length + 2, keys.length + 3, keys.length + 4];
  const parts = [
    paragraph(`Ranked by ${metric} (${results.objective.mode === 'min' ? 'lower' : 'higher'} is better): evaluate-stage points first, then the filter-stage points that did not survive.`),
    rows.length > 0 ? htmlTable(header, rows, { numeric, highlight: bestRow >= 0 ? bestRow : undefined }) : paragraph('No trial finished, so there is nothing to rank.', 'note'),
  ];
  if (best) {
    parts.push(paragraph(`Best point: ${pointLabel(best.params)}, cross-validated ${metric} ${formatNumber(best.cv.mean)} ± ${formatNumber(best.cv.std)} over ${best.cv.folds} folds.`));
    const test = Object.entries(best.test);
    if (test.length > 0) parts.push(htmlTable(['test metric', 'value'], test.map(([k, v]) => [k, formatNumber(v)]), { numeric: [1] }));
  } else {
    parts.push(paragraph('There is no best point: no point completed the evaluate stage, or the final trial did not run.', 'note'));
  }
  return { id: 'leaderboard', title: 'Leaderboard', html: parts.join('\n') };
}
