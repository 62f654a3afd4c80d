/** @seqsweep/report: report.html from a run directory (results.json and best/), with every chart inline as SVG. */
export { buildReport, writeReport, REPORT_FILE } from './build-report.js';
export type { ReportOptions } from './build-report.js';
export { readResultsFile } from './run-dir.js';
export { RunDirError } from './errors.js';
export type { RunDirProblem } from './errors.js';
export { compareRuns, compareRun } from './compare-runs.js';
export type { Comparison, ComparedRun } from './compare-runs.js';
export { comparisonText, comparisonJson } from './compare-text.js';
export { comparisonHtml, writeComparison } from './compare-report.js';
