/**
 * Folds feed events into a {@link SweepViewState}. It is pure unless asked otherwise (`inPlace`, which the plain
 * reporter uses on the one state it keeps: the results map is then added to, not copied): the input state is
 * never changed, and a batch of events gives the same state whether it is folded at once or one event at a time.
 * A replay of stored results followed by live ones therefore rebuilds exactly the state that live delivery built.
 * Maps are copied once per batch, and only those a batch touches, so the store can fold every message between
 * two frames cheaply.
 */
import { safeResult, safeText, searchExhaustedText, type SweepRecord, type TrialProgress, type TrialResult, type WorkerHeartbeat } from '@seqsweep/core';
import type { TimedEvent } from './feed.js';
import { readSpec, plannedTrials } from './spec-view.js';
import { LOG_LIMIT, LOSS_TAIL, WORKER_FORGET_MS, type LogEntry, type LogKind, type RunningTrial, type SweepViewState, type WorkerView } from './state.js';
import { shortId } from './format.js';
import { raceDecidedLabel, racedOutLabel } from './race-label.js';
import { noteAppended } from './results-log.js';
import { rungNotes } from './rung-label.js';

/** A state under construction: each map is copied the first time the batch writes it. */
class Draft {
  record: SweepRecord | null;
  spec: SweepViewState['spec'];
  server: string | null;
  now: number;
  readonly log: LogEntry[];
  /** Results added by this batch, in order, and how many the base state held. */
  readonly #added: TrialResult[] = [];
  readonly #baseSize: number;
  #results: ReadonlyMap<string, TrialResult>;
  #running: ReadonlyMap<string, RunningTrial>;
  #workers: ReadonlyMap<string, WorkerView>;
  #copied: { results: boolean; running: boolean; workers: boolean };

  /** With `inPlace`, the base state's results map is written as it is instead of copied (see {@link foldEvents}). */
  constructor(readonly base: SweepViewState, inPlace = false) {
    this.#copied = { results: inPlace, running: false, workers: false };
    this.record = base.record;
    this.spec = base.spec;
    this.server = base.server;
    this.now = base.now;
    this.log = [...base.log];
    this.#results = base.results;
    this.#baseSize = base.results.size;
    this.#running = base.running;
    this.#workers = base.workers;
  }

  get results(): ReadonlyMap<string, TrialResult> { return this.#results; }
  get running(): ReadonlyMap<string, RunningTrial> { return this.#running; }
  get workers(): ReadonlyMap<string, WorkerView> { return this.#workers; }

  writeResults(): Map<string, TrialResult> {
    if (!this.#copied.results) [this.#results, this.#copied.results] = [new Map(this.#results), true];
    return this.#results as Map<string, TrialResult>;
  }
  /** Adds a result (the results map only grows: see {@link foldEvents}). */
  addResult(r: TrialResult): void {
    this.writeResults().set(r.trialId, r);
    this.#added.push(r);
  }
  writeRunning(): Map<string, RunningTrial> {
    if (!this.#copied.running) [this.#running, this.#copied.running] = [new Map(this.#running), true];
    return this.#running as Map<string, RunningTrial>;
  }
  writeWorkers(): Map<string, WorkerView> {
    if (!this.#copied.workers) [this.#workers, this.#copied.workers] = [new Map(this.#workers), true];
    return this.#workers as Map<string, WorkerView>;
  }

  note(kind: LogKind, at: number, text: string): void {
    this.log.push({ kind, at, text });
  }

  finish(): SweepViewState {
    const log = this.log.length > LOG_LIMIT ? this.log.slice(-LOG_LIMIT) : this.log;
    if (this.#added.length > 0) noteAppended(this.base.results, this.#baseSize, this.#results, this.#added);
    return {
      sweepId: this.base.sweepId, record: this.record, spec: this.spec, results: this.#results,
      running: this.#running, workers: this.#workers, log, server: this.server, now: this.now,
    };
  }
}

/**
 * Folds a batch of events into a new state. With `inPlace` the results map of `state` is added to rather than
 * copied, for a caller that owns `state` and never looks at it again (the plain reporter, which folds one event
 * at a time: copying the results per event would cost it O(n) an event, O(n²) a sweep). Results are only ever
 * added, never replaced, so a map's size tells its versions apart (pointRows' cache relies on that). The small
 * maps (running trials, workers) are copied as usual.
 */
export function foldEvents(state: SweepViewState, events: readonly TimedEvent[], options: { inPlace?: boolean } = {}): SweepViewState {
  if (events.length === 0) return state;
  const d = new Draft(state, options.inPlace);
  for (const e of events) {
    d.now = Math.max(d.now, e.at);
    switch (e.kind) {
      case 'record': foldRecord(d, e.record, e.at); break;
      // Names and errors come off the wire: escaped and capped once here, so no view shows them raw.
      case 'result': foldResult(d, safeResult(e.result), e.at); break;
      case 'progress': foldProgress(d, { ...e.progress, worker: safeText(e.progress.worker) }); break;
      case 'heartbeat': foldHeartbeat(d, { ...e.heartbeat, workerId: safeText(e.heartbeat.workerId), host: safeText(e.heartbeat.host) }, e.at); break;
      case 'server': foldServer(d, e.server, e.at); break;
      case 'tick': break;
    }
  }
  forgetSilentWorkers(d);
  return d.finish();
}

const timeOf = (iso: string, fallback: number): number => {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : fallback;
};

function foldRecord(d: Draft, record: SweepRecord, at: number): void {
  if (d.base.sweepId !== null && record.sweepId !== d.base.sweepId) return;
  const prev = d.record;
  if (prev && prev.updatedAt > record.updatedAt) return;
  d.record = record;
  // A sweep's spec never changes: it is read (parsed and planned) once, not on every record change.
  if (!prev || prev.sweepId !== record.sweepId || d.spec === null) d.spec = readSpec(record.spec);
  const when = timeOf(record.updatedAt, at);
  if (!prev || prev.stage !== record.stage) {
    const planned = d.spec ? plannedTrials(d.spec, record.stage, record.survivors) : undefined;
    d.note('stage', when, `stage ${record.stage}${planned === undefined ? '' : `: ${planned} trial${planned === 1 ? '' : 's'} planned`}`);
  }
  if (record.search?.exhausted && !prev?.search?.exhausted) d.note('stage', when, searchExhaustedText(record.search.drawn.length, d.spec?.parsed.search.trials));
  if (record.survivors && !prev?.survivors) {
    const ids = record.survivors.map((id) => shortId(id)).join(', ');
    d.note('survivors', when, `${record.survivors.length} survivor${record.survivors.length === 1 ? '' : 's'} of the filter stage: ${ids || 'none'}`);
  }
  const pruned = new Set(prev?.pruned ?? []);
  for (const id of record.pruned) if (!pruned.has(id)) d.note('pruned', when, `pruned point ${shortId(id)}: a fold diverged`);
  const raced = new Set((prev?.race?.out ?? []).map((o) => `${o.stage}\0${o.pointId}`));
  for (const o of record.race?.out ?? []) {
    if (!raced.has(`${o.stage}\0${o.pointId}`)) d.note('raced-out', when, `point ${shortId(o.pointId)} ${o.stage}: ${racedOutLabel(o)} against ${shortId(o.leader)}`);
  }
  for (const stage of ['filter', 'evaluate'] as const) {
    const decided = record.race?.decided?.[stage];
    if (decided && !prev?.race?.decided?.[stage]) d.note('decided', when, raceDecidedLabel(stage, decided));
  }
  for (const n of rungNotes(prev, record, d.spec?.parsed)) d.note(n.kind, when, n.text);
  if (record.status !== 'running' && prev?.status !== record.status) d.note('status', when, `sweep ${record.status}`);
}

function foldServer(d: Draft, server: string, at: number): void {
  if (d.server === server) return;
  if (d.server !== null) d.note('server', at, `connection moved from ${d.server} to ${server}`);
  d.server = server;
}

function foldResult(d: Draft, r: TrialResult, at: number): void {
  if (d.base.sweepId !== null && r.sweepId !== d.base.sweepId) return;
  if (d.results.has(r.trialId)) return;
  d.addResult(r);
  if (d.running.has(r.trialId)) d.writeRunning().delete(r.trialId);
  const when = timeOf(r.finishedAt, at);
  const what = `point ${shortId(r.pointId)} ${r.stage}${r.fold >= 0 ? ` fold ${r.fold}` : ''}`;
  const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : '';
  if (r.status === 'failed') d.note('failed', when, `${what} failed on ${r.worker}${tries}${r.error ? `: ${r.error}` : ''}`);
  else if (r.status === 'diverged') d.note('diverged', when, `${what} diverged on ${r.worker}${tries}`);
  else if (r.attempts > 1) d.note('redelivery', when, `${what} ${r.status} on ${r.worker} at attempt ${r.attempts}`);
}

const tail = <T>(list: readonly T[], value: T): readonly T[] => (list.length >= LOSS_TAIL ? [...list.slice(list.length - LOSS_TAIL + 1), value] : [...list, value]);

function foldProgress(d: Draft, p: TrialProgress): void {
  if (d.base.sweepId !== null && p.sweepId !== d.base.sweepId) return;
  if (d.results.has(p.trialId)) return;
  const prev = d.running.get(p.trialId);
  // Timestamps are the worker's clock: only those of one worker compare.
  if (prev && prev.worker === p.worker && p.ts < prev.ts) return;
  // A progress message carries no delivery count: a trial that moves to another worker, or starts over, was redelivered.
  const restarted = prev !== undefined && (prev.worker !== p.worker || p.epoch < prev.epoch);
  if (restarted) {
    const how = prev.worker !== p.worker ? `moved from ${prev.worker} to ${p.worker}` : `restarted on ${p.worker}`;
    d.note('redelivery', p.ts, `point ${shortId(p.pointId)} ${p.stage} trial ${shortId(p.trialId)} ${how}: redelivered`);
  }
  const base = prev && !restarted ? prev : undefined;
  d.writeRunning().set(p.trialId, {
    trialId: p.trialId, pointId: p.pointId, stage: p.stage, worker: p.worker, epoch: p.epoch, epochs: p.epochs,
    losses: tail(base?.losses ?? [], p.loss),
    valLosses: p.valLoss === undefined ? (base?.valLosses ?? []) : tail(base?.valLosses ?? [], p.valLoss),
    ts: p.ts,
  });
}

/** Gaps between heartbeats shorter than this are event beats, not the cadence. */
const MIN_CADENCE_MS = 500;
/** The longest cadence staleness is measured against. */
const MAX_CADENCE_MS = 60_000;

function foldHeartbeat(d: Draft, h: WorkerHeartbeat, at: number): void {
  const prev = d.workers.get(h.workerId);
  const gap = prev ? at - prev.seenAt : 0;
  // Workers also beat when a trial starts, so short gaps say nothing about the cadence: the longest regular gap
  // (capped, so one long pause does not hide a dead worker for ever) is what staleness is measured against.
  const regular = gap >= MIN_CADENCE_MS ? Math.min(MAX_CADENCE_MS, Math.max(prev?.intervalMs ?? gap, gap)) : null;
  const intervalMs = regular ?? prev?.intervalMs ?? null;
  d.writeWorkers().set(h.workerId, {
    workerId: h.workerId, host: h.host, state: h.state, sweepId: h.sweepId, trialId: h.trialId, done: h.done,
    backend: h.backend, seenAt: at, intervalMs,
  });
  // A worker that says it holds no trial (or another one) no longer trains what it last reported progress for.
  for (const t of d.running.values()) {
    if (t.worker === h.workerId && t.trialId !== h.trialId && h.ts > t.ts) d.writeRunning().delete(t.trialId);
  }
}

function forgetSilentWorkers(d: Draft): void {
  for (const w of d.workers.values()) if (d.now - w.seenAt > WORKER_FORGET_MS) d.writeWorkers().delete(w.workerId);
}
