/**
 * The run report: one self-contained HTML file (`report.html` in the run directory) with every chart inlined as
 * SVG. It reads results.json and, for the task's plots, the saved best model; it never trains.
 */
import { protocolLine, writeFileInside, type ResultsFile } from '@seqsweep/core';
import { curvesSection } from './curves-section.js';
import { halvingSection } from './halving-section.js';
import { historySection } from './history-section.js';
import { importanceSection } from './importance-section.js';
import { parallelSection } from './parallel-section.js';
import { sweepInsight } from './sweep-insight.js';
import { htmlPage, type ReportSection } from './html.js';
import { leaderboardSection } from './leaderboard-section.js';
import { paramsSection } from './params-section.js';
import { raceSection } from './race-section.js';
import { readResultsFile } from './run-dir.js';
import { stageScoresSection } from './stage-scores-section.js';
import { taskSections, type TaskSectionOptions } from './task-section.js';
import { timingSection } from './timing-section.js';

/** The report's file name in the run directory. */
export const REPORT_FILE = 'report.html';

/** Options of {@link buildReport} and {@link writeReport}. */
export type ReportOptions = TaskSectionOptions;

function describeRun(r: ResultsFile): string {
  const { task, model } = r.spec;
  const counts = (['filter', 'evaluate', 'final'] as const).map((s) => `${r.trials.filter((t) => t.stage === s).length} ${s}`).join(', ');
  const protocol = r.protocol?.line ?? protocolLine(r.spec);
  return `Sweep ${r.sweepId} (${r.status}): task ${task.name}, model ${model.name}, seed ${r.spec.seed}; trials: ${counts}; started ${r.createdAt}, last updated ${r.updatedAt}. Split: ${protocol}.`;
}

/** The report's HTML for the run directory `dir`, whose results.json is `results`. */
export async function buildReport(dir: string, results: ResultsFile, options: ReportOptions = {}): Promise<string> {
  const insight = sweepInsight(results);
  const sections: ReportSection[] = [
    leaderboardSection(results),
    ...(await taskSections(dir, results, options)),
    await historySection(results, insight),
    await importanceSection(results, insight.importance),
    await parallelSection(results, insight),
    await paramsSection(results, insight),
    await curvesSection(results),
    await stageScoresSection(results),
    ...[raceSection(results), await halvingSection(results)].filter((x): x is ReportSection => x !== undefined),
    await timingSection(results),
  ];
  return htmlPage(`seqsweep report: ${results.name}`, describeRun(results), sections);
}

/**
 * Writes `<dir>/report.html` (atomically) and returns its path. Reads `<dir>/results.json` unless `results` is
 * given; a missing or unreadable run directory is a `RunDirError`.
 */
export async function writeReport(dir: string, results?: ResultsFile, options: ReportOptions = {}): Promise<string> {
  const html = await buildReport(dir, results ?? (await readResultsFile(dir)), options);
  // A fresh name renamed into place: a link left in the run folder as report.html(.tmp) is replaced, not followed.
  return writeFileInside(dir, REPORT_FILE, html);
}
