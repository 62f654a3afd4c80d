/**
 * The leaderboard rows of the TUI: core's per-point statistics (`summarizePoints`) in core's leaderboard order
 * (`rankLeaderboard` of `atReachedRung`: a point that trains in rungs at the highest rung it reached, the order of
 * results.json and the report), with what only a live view knows added: folds in flight, the point's status (halted
 * by a rung pruner, waiting on a promotion), its rung, its mean best epoch. `sortRows` moves halted and raced-out
 * points below the live points of their stage, as results.json does.
 */
import { atReachedRung, compareStd, leaderboardBlock, type HaltedPoint, type Params, type PointSummary, type RacedOut, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { Ranking, type RankedPoint } from './ranking.js';
import { resultLog } from './results-log.js';
import type { SpecView } from './spec-view.js';
import { racedOutLabel } from './race-label.js';
import { haltedEntry, haltedLabel, pointRung, type PointRung } from './rung-label.js';
import { stageFolds } from './spec-view.js';
import type { RunningTrial, SweepViewState } from './state.js';

/** Where a point stands. `best` is the point the final stage retrained. */
export type PointStatus = 'best' | 'running' | 'done' | 'waiting' | 'diverged' | 'pruned' | 'failed' | 'raced-out' | 'halted';

/** One leaderboard row. */
export interface PointRow {
  readonly pointId: string;
  readonly params: Params;
  /** Place in the leaderboard (core's `rankLeaderboard`), from 1. */
  readonly rank: number;
  /** The furthest stage the point reached (its statistics are of this stage). */
  readonly stage: 'filter' | 'evaluate';
  /** Folds completed with a finite objective, and the folds the stage runs. */
  readonly folds: number;
  readonly k: number;
  /** Mean (NaN before the first) and sample std (n − 1; NaN before the second) of the objective over completed folds. */
  readonly mean: number;
  readonly std: number;
  /** Mean best epoch over completed folds, rounded; null before the first. */
  readonly bestEpoch: number | null;
  readonly running: number;
  readonly survivor: boolean;
  readonly status: PointStatus;
  /** Set when fold racing stopped the point in its stage (see race-label.ts for how it is shown). */
  readonly racedOut?: RacedOut;
  /** Set when a rung pruner halted the point in its stage (see rung-label.ts). */
  readonly halted?: HaltedPoint;
  /** In a stage that trains in rungs: the rung the point reached (its statistics are of that rung). */
  readonly rung?: PointRung;
  /** Every result of the point, all stages, in arrival order. */
  readonly results: readonly TrialResult[];
}

/** The status as the leaderboard words it: a raced-out or halted point says when it stopped and why. */
export function statusText(p: PointRow): string {
  return p.racedOut ? racedOutLabel(p.racedOut) : p.halted ? haltedLabel(p.halted) : p.status;
}

/** Rows the leaderboard dims: points that are out of the running (pruned, diverged, failed, raced out or halted). */
export function isDimmed(p: PointRow): boolean {
  return p.status === 'pruned' || p.status === 'diverged' || p.status === 'failed' || p.status === 'raced-out' || p.status === 'halted';
}

/** The sort orders `s` cycles through. */
export const SORT_MODES = ['objective', 'std', 'folds', 'params'] as const;
export type SortMode = (typeof SORT_MODES)[number];

/** What a row reads of the record, looked up once per record rather than once per point. */
interface RecordView {
  readonly record: SweepRecord | null;
  readonly pruned: ReadonlySet<string>;
  readonly survivors: ReadonlySet<string>;
  /** The first entry that raced each point out of each stage (`racedOutOf`), by `stage\0pointId`. */
  readonly racedOut: ReadonlyMap<string, RacedOut>;
}

const recordViews = new WeakMap<SweepRecord, RecordView>();

function recordView(record: SweepRecord | null): RecordView {
  const hit = record && recordViews.get(record);
  if (hit) return hit;
  const racedOut = new Map<string, RacedOut>();
  for (const o of record?.race?.out ?? []) if (!racedOut.has(`${o.stage}\0${o.pointId}`)) racedOut.set(`${o.stage}\0${o.pointId}`, o);
  const view = { record, pruned: new Set(record?.pruned ?? []), survivors: new Set(record?.survivors ?? []), racedOut };
  if (record) recordViews.set(record, view);
  return view;
}

function toRow(p: PointSummary, rank: number, results: readonly TrialResult[], running: readonly RunningTrial[], spec: SpecView | null, rec: RecordView): PointRow {
  const metric = spec?.metric ?? 'valLoss';
  const stage = p.stage === 'evaluate' ? 'evaluate' : 'filter';
  // In a stage that trains in rungs the point counts at the highest rung it reached, as its summary `p` does.
  const ofStage = atReachedRung(results.filter((r) => r.stage === stage));
  const rung = pointRung(spec?.parsed, rec.record, p.pointId, stage, ofStage[0]?.rung);
  const halted = haltedEntry(rec.record, p.pointId, stage);
  const done = ofStage.filter((r) => r.status === 'completed' && Number.isFinite(r.metrics[metric] ?? NaN));
  const k = spec ? stageFolds(spec, stage) : Math.max(1, ...ofStage.map((r) => r.fold + 1));
  const pruned = rec.pruned.has(p.pointId) || results.some((r) => r.status === 'pruned');
  const failed = ofStage.filter((r) => r.status === 'failed').length;
  // Folds a decided race left unrun (`skipped`) are as good as done: nothing more will come for them.
  const skipped = ofStage.filter((r) => r.status === 'skipped').length;
  const best = results.some((r) => r.stage === 'final' && r.status === 'completed');
  const racedOut = rec.racedOut.get(`${stage}\0${p.pointId}`);
  const status: PointStatus = best ? 'best' : p.diverged > 0 ? 'diverged' : pruned ? 'pruned' : racedOut ? 'raced-out' : halted ? 'halted' : running.length > 0 ? 'running'
    : rung?.pending ? 'waiting' : p.folds + failed + skipped >= k ? (p.folds === 0 ? 'failed' : 'done') : 'waiting';
  return {
    // A raced-out point's folds count in no mean (results.json has none for it either): its row shows its label.
    pointId: p.pointId, params: p.params, stage, rank, folds: p.folds, k, mean: racedOut ? NaN : p.mean, std: racedOut ? NaN : p.std,
    bestEpoch: done.length ? Math.round(done.reduce((a, r) => a + r.bestEpoch, 0) / done.length) : null,
    running: running.length, survivor: rec.survivors.has(p.pointId), status, results,
    ...(racedOut ? { racedOut } : {}), ...(halted ? { halted } : {}), ...(rung ? { rung } : {}),
  };
}

/** The summary of a point with results in neither ranked stage: a row after the ranked ones, with no score. */
const unrankedSummary = (p: RankedPoint): PointSummary =>
  ({ pointId: p.pointId, params: p.params, stage: 'filter', mean: NaN, std: NaN, folds: 0, failed: 0, diverged: 0, values: [] });

/** A point's settled row as last made, and what it was made from. */
interface RowMemo {
  readonly version: number;
  readonly record: SweepRecord | null;
  readonly spec: SpecView | null;
  readonly row: PointRow;
}

/**
 * The incremental ranking of one sweep's results (one per arrival-order array, see results-log.ts), with each point's
 * latest row: a new result makes again the row of its own point, and a point that only moved in the order keeps its
 * row with the new rank.
 */
interface Ledger {
  readonly ranking: Ranking;
  readonly rows: Map<string, RowMemo>;
}

const ledgers = new WeakMap<readonly TrialResult[], Ledger>();

function ledgerOf(state: SweepViewState): Ledger {
  const log = resultLog(state.results);
  const objective = { metric: state.spec?.metric ?? 'valLoss', mode: state.spec?.mode ?? 'min' };
  let ledger = ledgers.get(log);
  // An older state than the ledger has seen, or another objective: ranked again from the start, once.
  if (!ledger || ledger.ranking.count > state.results.size || ledger.ranking.objective.metric !== objective.metric || ledger.ranking.objective.mode !== objective.mode) {
    ledger = { ranking: new Ranking(objective), rows: new Map() };
    ledgers.set(log, ledger);
  }
  for (let i = ledger.ranking.count; i < state.results.size; i++) ledger.ranking.add(log[i]!);
  return ledger;
}

/** What a cache entry was made from: the results map (by identity, and its size, since a map folded in place only grows) and the record. */
interface CacheKey {
  readonly size: number;
  readonly record: SweepRecord | null;
}

/** The rows as they are with no trial in flight, keyed on the results and the record. */
const settled = new WeakMap<SweepViewState['results'], CacheKey & { summaries: readonly PointSummary[]; rows: readonly PointRow[] }>();

/** The rows of the latest state: the settled rows with those of the points in flight made again. */
const cache = new WeakMap<SweepViewState['results'], CacheKey & { running: SweepViewState['running']; rows: readonly PointRow[] }>();

function settledRows(state: SweepViewState): { summaries: readonly PointSummary[]; rows: readonly PointRow[] } {
  const hit = settled.get(state.results);
  if (hit && hit.size === state.results.size && hit.record === state.record) return hit;
  const { ranking, rows: memos } = ledgerOf(state);
  const rec = recordView(state.record);
  const summaries: PointSummary[] = [];
  const rows: PointRow[] = [];
  for (const { point, summary } of ranking.ordered()) {
    const s = summary ?? unrankedSummary(point);
    const rank = rows.length + 1;
    const memo = memos.get(point.pointId);
    let row: PointRow;
    if (memo && memo.version === point.version && memo.record === state.record && memo.spec === state.spec) {
      row = memo.row.rank === rank ? memo.row : { ...memo.row, rank };
    } else {
      // The row keeps the point's results as they are now: the ranking's own list goes on growing.
      row = toRow(s, rank, point.results.slice(), [], state.spec, rec);
    }
    if (row !== memo?.row) memos.set(point.pointId, { version: point.version, record: state.record, spec: state.spec, row });
    summaries.push(s);
    rows.push(row);
  }
  const entry = { size: state.results.size, record: state.record, summaries, rows };
  settled.set(state.results, entry);
  return entry;
}

/**
 * Every point that has a result, summarized, in leaderboard order. Cached for the latest state; a state that only
 * moved trials in flight (progress, heartbeats) makes again the rows of the points those trials belong to, not the
 * ranking. New results are ranked as they come (see ranking.ts): a frame makes again the rows of the points that
 * had a result, and re-numbers the others.
 */
export function pointRows(state: SweepViewState): readonly PointRow[] {
  const hit = cache.get(state.results);
  if (hit && hit.size === state.results.size && hit.running === state.running && hit.record === state.record) return hit.rows;
  const base = settledRows(state);
  const live = new Map<string, RunningTrial[]>();
  for (const t of state.running.values()) live.set(t.pointId, [...(live.get(t.pointId) ?? []), t]);
  const rec = recordView(state.record);
  const rows = live.size === 0 ? base.rows : base.rows.map((row, i) => {
    const running = live.get(row.pointId);
    return running ? toRow(base.summaries[i]!, row.rank, row.results, running, state.spec, rec) : row;
  });
  cache.set(state.results, { size: state.results.size, running: state.running, record: state.record, rows });
  return rows;
}

const healthy = (p: PointRow): boolean => p.folds > 0 && p.status !== 'diverged' && p.status !== 'pruned' && p.status !== 'raced-out';

/**
 * Halted points go below the live points of their stage and raced-out ones below them, as in results.json (core's
 * `leaderboardBlock`, with a block for the halted points between its two).
 */
const block = (p: PointRow): number => 2 * leaderboardBlock(p.stage, p.status === 'raced-out') + (p.status === 'halted' ? 1 : 0);

/** Halted points of one stage: the higher rung first (their means are of fewer epochs below it), then their rank there. */
const haltedOrder = (a: PointRow, b: PointRow): number => (b.halted?.rung ?? 0) - (a.halted?.rung ?? 0) || (a.halted?.rank ?? 0) - (b.halted?.rank ?? 0);

/** Leaderboard order: core's ranking, which every row carries as `rank`, with halted and raced-out points below their stage. */
export function compareRank(): (a: PointRow, b: PointRow) => number {
  return (a, b) => block(a) - block(b) || haltedOrder(a, b) || a.rank - b.rank;
}

function compareParams(keys: readonly string[]): (a: PointRow, b: PointRow) => number {
  return (a, b) => {
    for (const k of keys) {
      const [x, y] = [a.params[k], b.params[k]];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (c !== 0) return c;
    }
    return a.pointId.localeCompare(b.pointId);
  };
}

/** The rows in the order of `sort`; `objective` is the leaderboard's rank (core's, read in the spec's mode). */
export function sortRows(rows: readonly PointRow[], sort: SortMode, keys: readonly string[]): PointRow[] {
  const rank = compareRank();
  const by: Record<SortMode, (a: PointRow, b: PointRow) => number> = {
    objective: rank,
    std: (a, b) => Number(!healthy(a)) - Number(!healthy(b)) || (healthy(a) && healthy(b) ? compareStd(a.std, b.std) : 0) || rank(a, b),
    folds: (a, b) => b.folds - a.folds || rank(a, b),
    params: compareParams(keys),
  };
  // pointRows gives rows in rank order, and the leaderboard's order only moves halted and raced-out points below
  // their stage: one pass into blocks, each sorted only where its rows are not in order already (a block of halted
  // points, ordered by rung first, most often is not).
  if (sort === 'objective') {
    const blocks: PointRow[][] = Array.from({ length: 2 * (leaderboardBlock('filter', true) + 1) }, () => []);
    for (const row of rows) blocks[block(row)]!.push(row);
    for (const b of blocks) if (b.some((row, i) => i > 0 && rank(b[i - 1]!, row) > 0)) b.sort(rank);
    return blocks.flat();
  }
  return [...rows].sort(by[sort]);
}

/** The swept options whose value differs between points: the grid's keys with two or more values, else those seen to vary. */
export function varyingKeys(spec: SpecView | null, rows: readonly PointRow[]): string[] {
  if (spec && spec.grid.length > 0) return spec.grid.filter((g) => g.values > 1).map((g) => g.key);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.params)))];
  return keys.filter((k) => new Set(rows.map((r) => JSON.stringify(r.params[k] ?? null))).size > 1);
}
