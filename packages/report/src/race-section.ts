/** Fold racing in the report: for each raced stage, the folds each point ran and skipped, and the compute saved. */
import { atReachedRung, formatTolerance, raceVerdict, wasTrained, type ResultsFile } from '@seqsweep/core';
import { formatNumber, htmlTable, paragraph, type ReportSection } from './html.js';
import { pointLabel } from './point-labels.js';

const seconds = (ms: number): string => formatNumber(ms / 1000, 3);

/** What a decided race did, in one sentence. */
function decidedSentence(stage: 'filter' | 'evaluate', live: number): string {
  const left = stage === 'evaluate' ? 'only the best point was left live' : `only ${live} point${live === 1 ? ' was' : 's were'} left live for the ${live} place${live === 1 ? '' : 's'} in stage two`;
  return `The race was decided once ${left}: the stage's remaining folds were not run, since they could not change the outcome ` +
    `(the live point${live === 1 ? '\'s mean is' : 's\' means are'} over the folds run; the spec's race option decided: finish runs them all).`;
}

/** The racing section, or undefined when no stage raced. */
export function raceSection(results: ResultsFile): ReportSection | undefined {
  const race = results.race;
  if (!race) return undefined;
  const parts: string[] = [];
  const worst = race.computeMs + race.savedMs;
  // results.json's race summary counts fold trials: under rungs a fold has one per rung it trained.
  const folds = results.halving ? 'fold trials (one per rung a fold trained)' : 'folds';
  parts.push(paragraph(
    `Fold racing ran ${race.foldsRun} of ${race.worstCaseFolds} ${folds} in the raced stages, using ${seconds(race.computeMs)} s of trial compute; ` +
    `the skipped folds would have cost about ${seconds(race.savedMs)} s more (${worst > 0 ? formatNumber((100 * race.savedMs) / worst, 3) : '0'}% of the worst case, ` +
    'estimated from the mean duration of the folds that ran). A point is raced out when a one-sided paired test over the folds it shares with the ' +
    'reference (the leader; in the filter stage the keep-th best point) gives p below alpha' +
    (Object.values(race.stages).some((st) => st.config.tolerance > 0)
      ? '; with a tolerance, the test is of "better than the reference by at least that share of its mean", so a point about as good as the reference can be raced out too.'
      : '.'),
  ));
  for (const stage of ['filter', 'evaluate'] as const) {
    const s = race.stages[stage];
    if (!s) continue;
    const trials = results.trials.filter((t) => t.stage === stage);
    // In a stage that trains in rungs a fold has a trial per rung: its folds are counted at the last rung it reached.
    const atTop = atReachedRung(trials);
    const rungs = results.halving?.stages[stage] !== undefined;
    const points = [...new Map(trials.map((t) => [t.pointId, t.params])).entries()];
    const rows = points.map(([pointId, params]) => {
      const own = atTop.filter((t) => t.pointId === pointId);
      const ran = own.filter((t) => wasTrained(t.status)).length;
      const skipped = own.filter((t) => t.status === 'raced-out' || t.status === 'skipped').length;
      const entry = results.leaderboard.find((e) => e.pointId === pointId && e.stage === stage)?.racedOut;
      const live = s.decided?.live.includes(pointId) ? 'live when the race was decided' : 'live';
      const verdict = entry ? `raced out ${raceVerdict(entry)} (folds ${entry.compared.join(', ')})` : live;
      const computeMs = trials.filter((t) => t.pointId === pointId).reduce((a, t) => a + t.durationMs, 0);
      return { skipped, row: [pointLabel(params), String(ran), String(skipped), verdict, seconds(computeMs)] };
    }).sort((a, b) => b.skipped - a.skipped);
    parts.push(paragraph(
      `Stage ${stage} (${s.config.test === 't' ? 'paired t-test' : 'Wilcoxon signed-rank'}, alpha ${s.config.alpha}, at least ${s.config.minFolds} folds${s.config.tolerance > 0 ? `, tolerance ${formatTolerance(s.config.tolerance)}` : ''}): ` +
      `${s.pointsRacedOut} point${s.pointsRacedOut === 1 ? '' : 's'} raced out; ${s.foldsRun} ${results.halving?.stages[stage] ? 'fold trials' : 'folds'} run, ${s.foldsSkipped} skipped; ` +
      `${seconds(s.computeMs)} s of compute, about ${seconds(s.savedMs)} s saved.` + (s.decided ? ` ${decidedSentence(stage, s.decided.live.length)}` : ''),
    ));
    parts.push(htmlTable(['point', rungs ? 'folds run (last rung)' : 'folds run', rungs ? 'folds skipped (last rung)' : 'folds skipped', 'race', 'compute s'], rows.map((r) => r.row), { numeric: [1, 2, 4] }));
  }
  return { id: 'racing', title: 'Fold racing', html: parts.join('\n') };
}
