import { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, STRATEGIES, type StrategyTable, type Transport, type SweepSpec } from '@seqsweep/core';
import type { SweepEvent } from './events.js';

/** What the caller passes to start or resume a sweep. */
export interface CoordinatorOptions {
  readonly transport: Transport;
  /**
   * Folder under which `<sweepId>/` gets results.json, trials.csv and best/.
   * @default 'runs'
   */
  readonly outDir?: string;
  /**
   * How long a worker may hold a trial without reporting that it is working.
   * @default DEFAULT_ACK_WAIT_MS (60000)
   */
  readonly ackWaitMs?: number;
  /**
   * Deliveries of a trial before it is recorded as failed.
   * @default 3
   */
  readonly maxDeliver?: number;
  /**
   * A sweep that plans more trials than this is refused before anything is published.
   * @default 10000
   */
  readonly maxTrials?: number;
  /** Receives every sweep event, for progress lines and the TUI. */
  readonly onEvent?: (event: SweepEvent) => void;
  /** A clock, injectable for tests. @default Date.now */
  readonly now?: () => number;
  /** Stops the coordinator (its sweep stays recorded for `resume`). */
  readonly signal?: AbortSignal;
  /**
   * Under a strategy that draws as results arrive (tpe): the stage-one trials kept unfinished, so that this many
   * workers always have one. It is stored with the sweep, so a resumed sweep draws as the first run would have.
   * @default 1
   */
  readonly parallel?: number;
  /** The search strategies by name, injectable for tests. @default core's registry (STRATEGIES) */
  readonly strategies?: StrategyTable;
}

/** Options with every default filled in. */
export interface ResolvedCoordinatorOptions {
  readonly transport: Transport;
  readonly outDir: string;
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  readonly maxTrials: number;
  readonly onEvent: (event: SweepEvent) => void;
  readonly now: () => number;
  readonly signal: AbortSignal | undefined;
  readonly parallel: number;
  readonly strategies: StrategyTable;
}

export function resolveOptions(options: CoordinatorOptions): ResolvedCoordinatorOptions {
  return {
    transport: options.transport,
    outDir: options.outDir ?? 'runs',
    ackWaitMs: options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
    maxDeliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
    maxTrials: options.maxTrials ?? 10_000,
    onEvent: options.onEvent ?? (() => undefined),
    now: options.now ?? Date.now,
    signal: options.signal,
    parallel: Math.max(1, options.parallel ?? 1),
    strategies: options.strategies ?? STRATEGIES,
  };
}

/** What `startSweep` needs beyond the options. */
export interface StartSweep {
  readonly spec: SweepSpec;
  /** @default generated from the spec name and the time */
  readonly sweepId?: string;
  /**
   * Put the data files the spec names by path into the transport's object store, so workers on other machines
   * fetch them. The embedded default shares one file system and skips it.
   * @default false
   */
  readonly shareData?: boolean;
}
