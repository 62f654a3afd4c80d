/** @seqsweep/report: report.html from a run directory (results.json and best/), with every chart inline as SVG. */
export { buildReport, writeReport, REPORT_FILE } from './build-report.js';
export type { ReportOptions } from './build-report.js';
export { readResultsFile } from './run-dir.js';
export { RunDirError } from './errors.js';
export type { RunDirProblem } from './errors.js';
