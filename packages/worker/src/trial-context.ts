/**
 * What one trial runs with and what it gives back: shared by the trainers (trial-runner.ts, and noop.ts for the
 * noop task) and the worker that calls them.
 */
import type { DatasetCache, ModelCache } from '@seqsweep/ml';
import type { TrialProgress, TrialResult, Transport } from '@seqsweep/core';

/** What a trial produced, before the worker adds its bookkeeping. */
export type TrialOutput = Pick<TrialResult, 'status' | 'metrics' | 'history' | 'bestEpoch' | 'backend' | 'artifacts' | 'error' | 'dates' | 'vsPersistence' | 'rung' | 'checkpoint'>;

/** What a trainer gets: the transport, caches, the backend in use, the trial's abort signal and a progress sink. */
export interface TrialContext {
  readonly transport: Transport;
  readonly datasets: DatasetCache | undefined;
  /** Models kept between this worker's trials (see `ModelCache`). @default none: each trial builds its own */
  readonly models?: ModelCache | undefined;
  readonly cacheDir: string | undefined;
  /** Where shipped modules are cached. @default see `defaultCodeCacheDir` */
  readonly codeCacheDir?: string | undefined;
  readonly backend: string;
  readonly signal: AbortSignal;
  readonly progress: (p: Omit<TrialProgress, 'sweepId' | 'trialId' | 'pointId' | 'stage' | 'worker' | 'ts'>) => void;
}

/**
 * Thrown when the trial's signal aborts: the worker is stopping (it hands the trial back), or the trial's lease
 * ran out (it gives the trial up). The worker tells the two apart by the signal that fired.
 */
export class TrialAborted extends Error {
  override name = 'TrialAborted';
  constructor() {
    super('the trial was interrupted');
  }
}
