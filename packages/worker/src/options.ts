import { hostname } from 'node:os';
import type { CodePolicy, Transport } from '@seqsweep/core';
import { ModelCache, type DatasetCache } from '@seqsweep/ml';

/** What the caller passes to a worker. */
export interface WorkerOptions {
  readonly transport: Transport;
  /** @default `<host>-<pid>` */
  readonly workerId?: string;
  /** Only pull trials of this sweep. @default any running sweep */
  readonly sweepId?: string;
  /**
   * On stop, finish the running trial first instead of handing it back at once.
   * @default false
   */
  readonly drain?: boolean;
  /**
   * Seconds between heartbeats.
   * @default 2000
   */
  readonly heartbeatMs?: number;
  /** Where fetched data files are cached by digest. @default `<tmpdir>/seqsweep-data` */
  readonly cacheDir?: string;
  /** Datasets loaded once per process and shared by every trial. @default a new cache */
  readonly datasets?: DatasetCache;
  /**
   * Models kept warm between this worker's trials (each trial still starts from its own seed's weights). The worker
   * disposes them when it stops. @default a new cache
   */
  readonly models?: ModelCache;
  /** Receives one line per event worth logging. @default nothing */
  readonly log?: (line: string) => void;
  /** Stop after this many trials (tests and benchmarks). @default no limit */
  readonly maxTrials?: number;
  /**
   * Which sweeps' code (modules the spec names) this worker runs: `{ allowCode: true }` any, `{ trust: [digest] }`
   * only those modules. A sweep whose code it does not accept is left to other workers. @default none
   */
  readonly code?: CodePolicy;
  /** Where shipped modules are cached by digest. @default `node_modules/.cache/seqsweep-code` of this installation */
  readonly codeCacheDir?: string;
}

export interface ResolvedWorkerOptions {
  readonly transport: Transport;
  readonly workerId: string;
  readonly host: string;
  readonly sweepId: string | undefined;
  readonly drain: boolean;
  readonly heartbeatMs: number;
  readonly cacheDir: string | undefined;
  readonly datasets: DatasetCache | undefined;
  readonly models: ModelCache;
  readonly log: (line: string) => void;
  readonly maxTrials: number;
  readonly code: CodePolicy;
  readonly codeCacheDir: string | undefined;
}

export function resolveWorkerOptions(o: WorkerOptions): ResolvedWorkerOptions {
  const host = hostname();
  return {
    transport: o.transport,
    workerId: o.workerId ?? `${host}-${process.pid}`,
    host,
    sweepId: o.sweepId,
    drain: o.drain ?? false,
    heartbeatMs: o.heartbeatMs ?? 2000,
    cacheDir: o.cacheDir,
    datasets: o.datasets,
    models: o.models ?? new ModelCache(),
    log: o.log ?? (() => undefined),
    maxTrials: o.maxTrials ?? Number.POSITIVE_INFINITY,
    code: o.code ?? {},
    codeCacheDir: o.codeCacheDir,
  };
}
