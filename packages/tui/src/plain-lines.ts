/**
 * The one plain-text view of a sweep, for `seqsweep watch` off a terminal and for `seqsweep run --no-tui` alike:
 * one line per result and per sweep event (stage changes, survivors, pruned points, redeliveries), and a final
 * leaderboard table. Progress and heartbeats print nothing. Lines read `[+time] <stage> N/M ...`.
 */
import { safeResult, type PersistenceComparison, type Stage, type TrialResult } from '@seqsweep/core';
import type { FeedEvent } from './feed.js';
import { foldEvents } from './fold.js';
import { formatDuration, formatNumber, formatParam, paramsLabel, shortId } from './format.js';
import { pointRows, sortRows, statusText, varyingKeys } from './points.js';
import { plannedTrials } from './spec-view.js';
import { initialState, type SweepViewState } from './state.js';
import { rungCell } from './rung-label.js';
import { rankedParams } from '@seqsweep/insight';

/** Folds events one at a time and writes what each one changed as plain lines. */
export class PlainReporter {
  #state: SweepViewState;
  readonly #write: (line: string) => void;
  readonly #clock: () => number;
  /** Results per stage so far: what stageCounts would count, kept as they come. */
  readonly #finished = new Map<Stage, number>();

  constructor(sweepId: string, write: (line: string) => void, clock: () => number = Date.now) {
    this.#state = initialState(sweepId, clock());
    this.#write = write;
    this.#clock = clock;
  }

  get state(): SweepViewState {
    return this.#state;
  }

  /** Folds one event and prints its lines. */
  push(event: FeedEvent): void {
    const prev = this.#state;
    const known = prev.results.size;
    const last = prev.log.at(-1);
    // The state is this reporter's alone: folded in place, so that an event costs the same at the 10,000th result
    // as at the first.
    const next = foldEvents(prev, [{ ...event, at: this.#clock() }], { inPlace: true });
    this.#state = next;
    if (event.kind === 'result') {
      if (next.results.size > known) {
        this.#finished.set(event.result.stage, (this.#finished.get(event.result.stage) ?? 0) + 1);
        this.#write(resultLine(next, event.result, this.#finished.get(event.result.stage)!));
      }
      return;
    }
    const fresh = last === undefined ? next.log : next.log.slice(next.log.lastIndexOf(last) + 1);
    // The end of the sweep is told once, by `finish`, after every result (a replay brings the record first).
    for (const entry of fresh) if (entry.kind !== 'status') this.#write(`[${since(next, entry.at)}] ${entry.text}`);
  }

  /** Prints a line of the caller's (a message it rejected, say), stamped like the others. */
  note(text: string): void {
    this.#write(`[${since(this.#state, this.#clock())}] ${text}`);
  }

  /** Prints how the sweep ended and the final leaderboard (at most `rows` points). */
  finish(rows?: number): void {
    const r = this.#state.record;
    if (r && r.status !== 'running') this.#write(`[${since(this.#state, Date.parse(r.updatedAt))}] sweep ${r.status}`);
    for (const line of leaderboardLines(this.#state, rows)) this.#write(line);
  }
}

function since(state: SweepViewState, at: number): string {
  const start = state.record ? Date.parse(state.record.createdAt) : NaN;
  return Number.isFinite(start) ? `+${formatDuration(at - start)}` : new Date(at).toISOString();
}

/** A result's line; `finished` is the number of its stage's results, this one included. */
function resultLine(state: SweepViewState, result: TrialResult, finished: number): string {
  const r = safeResult(result);
  let running = 0;
  for (const t of state.running.values()) if (t.stage === r.stage) running++;
  const planned = state.spec ? Math.max(finished + running, plannedTrials(state.spec, r.stage, state.record?.survivors)) : finished + running;
  const metric = state.spec?.metric ?? 'valLoss';
  const label = paramsLabel(r.params, Object.keys(r.params)) || shortId(r.pointId);
  const fold = r.fold >= 0 ? ` fold ${r.fold}${r.rung === undefined ? '' : ` rung ${r.rung}`}` : '';
  const extra = [r.worker, `${(r.durationMs / 1000).toFixed(1)}s`, ...(r.attempts > 1 ? [`attempt ${r.attempts}`] : [])].join(', ');
  const at = Date.parse(r.finishedAt);
  return `[${since(state, Number.isFinite(at) ? at : state.now)}] ${r.stage} ${finished}/${planned} ${label}${fold} ${r.status} ` +
    `${metric}=${formatNumber(r.metrics[metric])} (${extra})${r.error ? `: ${r.error}` : ''}`;
}

/** The leaderboard as a plain, aligned table (at most `limit` rows), then the best point and its test metrics. */
export function leaderboardLines(state: SweepViewState, limit = 10): string[] {
  const metric = state.spec?.metric ?? 'valLoss';
  const all = pointRows(state);
  const keys = varyingKeys(state.spec, all);
  const rows = sortRows(all, 'objective', keys).slice(0, limit);
  // A rung column only where a point trains in rungs (successive halving).
  const rungs = rows.some((p) => p.rung !== undefined);
  const header = ['rank', 'stage', ...keys, `${metric} mean`, 'std', 'folds', ...(rungs ? ['rung'] : []), 'best epoch', 'status'];
  const body = rows.map((p, i) => [
    String(i + 1), p.stage, ...keys.map((k) => formatParam(p.params[k])), formatNumber(p.mean), formatNumber(p.std, 2),
    `${p.folds}/${p.k}`, ...(rungs ? [p.rung ? rungCell(p.rung) : '-'] : []), p.bestEpoch === null ? '-' : String(p.bestEpoch), statusText(p) + (p.survivor ? ' *' : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), ...body.map(line)];
  if (all.length > rows.length) out.push(`(${all.length - rows.length} more points)`);
  if (all.some((p) => p.survivor)) out.push('* survived the filter stage');
  out.push(bestLine(state));
  const vs = persistenceLine(state);
  if (vs) out.push(vs);
  return out;
}

/** For a forecast, the best model's verdicts against persistence on the test dates (what results.json records). */
export function persistenceLine(state: SweepViewState): string | undefined {
  const vs = [...state.results.values()].find((r) => r.stage === 'final' && r.status === 'completed')?.vsPersistence;
  if (!vs) return undefined;
  const one = (what: string, c: PersistenceComparison): string =>
    `${what} ${c.verdict} (model/persistence MSE ${formatNumber(c.ratio)}, z ${formatNumber(c.z)})`;
  return `vs persistence: ${[one('next day', vs.nextDay), ...(vs.multiStep ? [one('multi-step', vs.multiStep)] : [])].join('; ')}`;
}

/** One line naming the best point: the one the final stage retrained, with its test metrics. */
export function bestLine(state: SweepViewState): string {
  const final = [...state.results.values()].find((r) => r.stage === 'final' && r.status === 'completed');
  if (!final) return 'best: none yet (no point has completed the final stage)';
  const test = Object.entries(final.metrics).filter(([k]) => k.startsWith('test')).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ');
  return `best: ${paramsLabel(final.params, Object.keys(final.params)) || shortId(final.pointId)} (point ${shortId(final.pointId)})${test ? `; ${test}` : ''}`;
}

/** One line with the importance results.json records, most important first; null when there is none. */
export function importanceLine(importance: { readonly points: number; readonly params: Readonly<Record<string, { share: number; std: number | null }>> } | undefined): string | null {
  if (!importance) return null;
  const pct = (v: number): string => `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;
  const ranked = rankedParams(importance).map(([k, p]) => `${k} ${pct(p.share)}${p.std === null ? '' : ` ± ${pct(p.std)}`}`);
  return `importance (share of the variance over ${importance.points} stage-one points): ${ranked.join(', ')}`;
}
