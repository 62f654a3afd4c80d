/**
 * The TUI's whole view of a sweep: a plain value rebuilt by folding feed events (see `fold.ts`). It holds every
 * result (one per trial id), the trials in flight with a bounded tail of their losses, the workers heard from, and a
 * bounded event log. Everything on screen is derived from it.
 */
import type { Stage, SweepRecord, TrialResult, WorkerHeartbeat } from '@seqsweep/core';
import type { SpecView } from './spec-view.js';

/** Loss values kept per running trial for its sparkline. */
export const LOSS_TAIL = 120;
/** Event log entries kept. */
export const LOG_LIMIT = 200;
/** Workers not heard from for this long are forgotten. */
export const WORKER_FORGET_MS = 5 * 60_000;

/** A trial in flight, as its progress messages tell it. */
export interface RunningTrial {
  readonly trialId: string;
  readonly pointId: string;
  readonly stage: Stage;
  readonly worker: string;
  readonly epoch: number;
  readonly epochs: number;
  /** The latest training losses, oldest first, at most {@link LOSS_TAIL}. */
  readonly losses: readonly (number | null)[];
  /** Validation losses reported so far, oldest first, at most {@link LOSS_TAIL}. */
  readonly valLosses: readonly (number | null)[];
  /** The worker's timestamp of the latest progress. */
  readonly ts: number;
}

/** A worker, as its heartbeats tell it. */
export interface WorkerView {
  readonly workerId: string;
  readonly host: string;
  readonly state: WorkerHeartbeat['state'];
  readonly sweepId: string | undefined;
  readonly trialId: string | undefined;
  readonly done: number;
  readonly backend: string;
  /** Local time of the latest heartbeat. */
  readonly seenAt: number;
  /** The shortest gap seen between two of its heartbeats (ms), or null after only one. */
  readonly intervalMs: number | null;
}

/** What the event log records. */
export type LogKind = 'stage' | 'survivors' | 'pruned' | 'raced-out' | 'decided' | 'promoted' | 'halted' | 'failed' | 'diverged' | 'redelivery' | 'status' | 'server';

/** One line of the event log. */
export interface LogEntry {
  readonly kind: LogKind;
  /** When it happened (ms since the epoch), from the message itself where it says. */
  readonly at: number;
  readonly text: string;
}

/** Everything the TUI knows about the sweep it watches. */
export interface SweepViewState {
  readonly sweepId: string | null;
  readonly record: SweepRecord | null;
  readonly spec: SpecView | null;
  /** Every result, by trial id, in arrival order; a repeated delivery is ignored. */
  readonly results: ReadonlyMap<string, TrialResult>;
  readonly running: ReadonlyMap<string, RunningTrial>;
  readonly workers: ReadonlyMap<string, WorkerView>;
  readonly log: readonly LogEntry[];
  /** The server the feed reads from now, where it has several (NATS); `null` for the in-memory transport. */
  readonly server: string | null;
  /** Local time of the latest event folded in. */
  readonly now: number;
}

/** The state before anything arrived. */
export function initialState(sweepId: string | null, now = 0): SweepViewState {
  return { sweepId, record: null, spec: null, results: new Map(), running: new Map(), workers: new Map(), log: [], server: null, now };
}
