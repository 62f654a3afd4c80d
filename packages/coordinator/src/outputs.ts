import { mkdir } from 'node:fs/promises';
import {
  atReachedRung, buildProtocol, DataError, rankLeaderboard, safeText, toResultsTrial, dirInside, writeFileInside,
  type BestPoint, type LeaderboardEntry, type ResultsFile, type SweepRecord, type SweepSpec, type TrialResult, type Transport, type PointSummary,
} from '@seqsweep/core';
import { stageOneImportance } from '@seqsweep/insight';
import { markRacedOut, raceSummary } from './race/race-outputs.js';
import { halvingSummary, markHalted } from './pruners/rung-outputs.js';

/** What a finished (or stopped) sweep wrote, and where. */
export interface SweepOutcome {
  readonly sweepId: string;
  readonly status: SweepRecord['status'];
  readonly dir: string;
  readonly leaderboard: readonly LeaderboardEntry[];
  readonly best: BestPoint | null;
  readonly trials: readonly TrialResult[];
  /** What was written to results.json, for a caller that goes on to draw the report from it. */
  readonly results: ResultsFile;
}

const STAGE_ORDER = { filter: 0, evaluate: 1, final: 2 } as const;

/** Ranks evaluate-stage points first, then the filter-stage points that did not survive. */
export function buildLeaderboard(spec: SweepSpec, results: readonly TrialResult[], survivors: readonly string[]): LeaderboardEntry[] {
  const entry = (p: PointSummary, i: number): LeaderboardEntry => ({
    rank: i + 1, pointId: p.pointId, params: p.params, stage: p.stage === 'evaluate' ? 'evaluate' : 'filter',
    mean: Number.isFinite(p.mean) ? p.mean : null, std: Number.isFinite(p.std) ? p.std : null, folds: p.folds,
    status: p.diverged > 0 ? 'diverged' : p.folds === 0 ? 'failed' : 'ok', survivor: survivors.includes(p.pointId),
  });
  return rankLeaderboard(results, spec.objective).map(entry);
}

/**
 * Writes `<outDir>/<sweepId>/`: results.json, trials.csv, and best/ when the final trial stored a model. The report
 * is drawn from them by the caller (`@seqsweep/report`), so a sweep needs no charting or model code.
 */
export async function writeOutputs(args: {
  outDir: string; record: SweepRecord; spec: SweepSpec; results: readonly TrialResult[]; transport: Transport;
  /** Results the coordinator refused (see refused-results.ts). */
  refusedResults?: number;
  /** Told what could not be written, in one sentence (the final model refused by the object store's limits). */
  onWarning?: (message: string) => void;
}): Promise<SweepOutcome> {
  const { record, spec } = args;
  // The out folder is the user's own (--out); from there down no link is followed: the run folder and best/ are
  // real folders of this user, and every file is written to a fresh name and renamed into place.
  await mkdir(args.outDir, { recursive: true });
  const dir = await dirInside(args.outDir, record.sweepId);
  const trials = [...args.results].sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || a.pointId.localeCompare(b.pointId) || a.fold - b.fold);
  // A point that trained in rungs is scored at the highest rung it reached.
  const scored = atReachedRung(trials);
  const leaderboard = markHalted(markRacedOut(buildLeaderboard(spec, scored, record.survivors ?? []), record), record);
  const race = raceSummary(spec, record, trials);
  const halving = halvingSummary(spec, record, trials);
  const final = trials.find((r) => r.stage === 'final' && r.status === 'completed');
  let best: BestPoint | null = null;
  if (final) {
    const cv = leaderboard.find((e) => e.pointId === final.pointId && e.stage === 'evaluate');
    const test = Object.fromEntries(Object.entries(final.metrics).filter(([k]) => k.startsWith('test')));
    best = {
      pointId: final.pointId, params: final.params, cv: { mean: cv?.mean ?? null, std: cv?.std ?? null, folds: cv?.folds ?? 0 }, test,
      trialId: final.trialId, vsPersistence: final.vsPersistence ?? null,
    };
    if (final.artifacts) {
      try {
        await fetchArtifacts(args.transport, final.artifacts, dir);
      } catch (e) {
        // A model too large, a link, missing chunks: the sweep's results stand, only best/ is left out.
        if (!(e instanceof DataError)) throw e;
        args.onWarning?.(`best/ was not written: ${e.message}`);
      }
    }
  }
  const racedOut = new Set(leaderboard.filter((e) => e.stage === 'filter' && e.racedOut).map((e) => e.pointId));
  const importance = stageOneImportance(scored, { metric: spec.objective.metric, spec, racedOut });
  const results: ResultsFile = {
    sweepId: record.sweepId, name: record.name, status: record.status, stage: record.stage,
    createdAt: record.createdAt, updatedAt: record.updatedAt, spec, objective: spec.objective,
    survivors: record.survivors ?? [], pruned: record.pruned, trials: trials.map(toResultsTrial), leaderboard, best,
    ...(race ? { race } : {}),
    ...(halving ? { halving } : {}),
    protocol: buildProtocol(spec, trials),
    ...(record.search ? { search: record.search } : {}),
    refusedResults: args.refusedResults ?? 0,
    ...(importance ? { importance } : {}),
    ...(record.codeRefs ? { code: record.codeRefs } : {}),
  };
  await writeFileInside(dir, 'results.json', JSON.stringify(results, null, 2) + '\n');
  await writeFileInside(dir, 'trials.csv', trialsCsv(trials, spec.objective.metric));
  return { sweepId: record.sweepId, status: record.status, dir, leaderboard, best, trials, results };
}

/**
 * The names come from a worker's result: each must be a plain file name that stays inside `<runDir>/best`, checked here
 * as well as by the wire schema, since a result reaches this function by more than one path (resume reads them back).
 */
async function fetchArtifacts(transport: Transport, artifacts: NonNullable<TrialResult['artifacts']>, runDir: string): Promise<void> {
  const dir = await dirInside(runDir, 'best');
  for (const [file, ref] of Object.entries(artifacts)) {
    await writeFileInside(dir, file, await transport.getObject(ref.name, ref.digest, { store: 'models' }));
  }
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A lone \r ends a line for many readers (Excel, Python's csv), so it is quoted like \n.
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One row per trial: ids, stage, fold, status, each swept parameter, the objective and the bookkeeping. */
export function trialsCsv(trials: readonly TrialResult[], metric: string): string {
  const paramKeys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const header = ['id', 'pointId', 'stage', 'fold', 'status', ...paramKeys, metric, 'bestEpoch', 'epochs', 'worker', 'attempts', 'durationMs', 'backend'];
  const rows = trials.map((t) => [t.trialId, t.pointId, t.stage, t.fold, t.status, ...paramKeys.map((k) => t.params[k]),
    t.metrics[metric] ?? '', t.bestEpoch, t.history.length, safeText(t.worker), t.attempts, Math.round(t.durationMs), safeText(t.backend)]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
