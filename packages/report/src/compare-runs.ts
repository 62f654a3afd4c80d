/**
 * Sweeps side by side (`seqsweep compare`): for each run directory its strategy, best point, cross-validated score,
 * test figures, trial compute and importance, as one value that the text, the JSON and the HTML all come from.
 */
import { basename } from 'node:path';
import { scoredAtReachedRung, wasTrained, type Params, type ResultsFile } from '@seqsweep/core';
import { drawOrderOf, rankedParams, stageOneImportance, stagePoints, trialCompute } from '@seqsweep/insight';
import { readResultsFile } from './run-dir.js';
import { better } from './sweep-insight.js';

/** One sweep in a comparison. */
export interface ComparedRun {
  readonly dir: string;
  readonly sweepId: string;
  readonly name: string;
  readonly status: ResultsFile['status'];
  /** The search strategy that drew stage one (`grid` unless the spec names another). */
  readonly strategy: string;
  readonly metric: string;
  readonly mode: 'min' | 'max';
  /** Points in stage one, and trials a worker trained. */
  readonly points: number;
  readonly trialsRun: number;
  /** The sum of `durationMs` over every trained trial, in seconds. */
  readonly computeS: number;
  readonly best: { readonly params: Params; readonly cv: { readonly mean: number | null; readonly std: number | null; readonly folds: number }; readonly test: Readonly<Record<string, number | null>> } | null;
  /** The parameters by importance, most important first, where the file has (or allows) importance. */
  readonly importance: readonly { readonly param: string; readonly share: number; readonly std: number | null }[];
  /** Stage one's best so far against the trial compute spent (s), one entry per scored point in draw order. */
  readonly history: readonly { readonly computeS: number; readonly best: number }[];
}

/** A comparison of two or more sweeps. */
export interface Comparison {
  readonly runs: readonly ComparedRun[];
  /** Set when the runs optimise different metrics or directions, whose scores do not compare. */
  readonly warning: string | null;
}

/** The strategy that drew stage one: the search record's, else the spec's (`grid` by default). */
function strategyOf(results: ResultsFile): string {
  return results.search?.strategy ?? results.spec.search.strategy;
}

function historyOf(results: ResultsFile): ComparedRun['history'] {
  const { metric, mode } = results.objective;
  const order = drawOrderOf(results);
  const points = stagePoints(scoredAtReachedRung(results.trials), { metric, stage: 'filter', ...(order ? { order } : {}) });
  const out: { computeS: number; best: number }[] = [];
  let best = NaN;
  for (const p of [...points].sort((a, b) => a.computeMs - b.computeMs)) {
    if (p.mean === null) continue;
    best = Number.isNaN(best) ? p.mean : better(mode, best, p.mean);
    out.push({ computeS: p.computeMs / 1000, best });
  }
  return out;
}

/** One run's row; `importance` is what results.json recorded, computed here for a file written before it was. */
export function compareRun(dir: string, results: ResultsFile): ComparedRun {
  const imp = results.importance ?? stageOneImportance(scoredAtReachedRung(results.trials), { metric: results.objective.metric, spec: results.spec });
  const stageOne = new Set(results.trials.filter((t) => t.stage === 'filter').map((t) => t.pointId));
  return {
    dir, sweepId: results.sweepId, name: results.name, status: results.status, strategy: strategyOf(results),
    metric: results.objective.metric, mode: results.objective.mode, points: stageOne.size,
    trialsRun: results.trials.filter((t) => wasTrained(t.status)).length,
    computeS: trialCompute(results.trials) / 1000,
    best: results.best ? { params: results.best.params, cv: results.best.cv, test: results.best.test } : null,
    importance: imp ? rankedParams(imp).map(([param, p]) => ({ param, ...p })) : [],
    history: historyOf(results),
  };
}

/** Reads every run directory (a bad one is a `RunDirError`, one sentence with its fix) and compares them. */
export async function compareRuns(dirs: readonly string[]): Promise<Comparison> {
  const runs: ComparedRun[] = [];
  for (const dir of dirs) runs.push(compareRun(dir, await readResultsFile(dir)));
  const objectives = new Set(runs.map((r) => `${r.metric} (${r.mode})`));
  return {
    runs,
    warning: objectives.size > 1 ? `the runs optimise different objectives (${[...objectives].join(', ')}), so their scores do not compare` : null,
  };
}

/** A short name for a run in a legend or a table: its sweep id, or the folder's name when two share an id. */
export function runLabel(run: ComparedRun, all: readonly ComparedRun[]): string {
  return all.filter((r) => r.sweepId === run.sweepId).length > 1 ? `${run.sweepId} (${basename(run.dir)})` : run.sweepId;
}
