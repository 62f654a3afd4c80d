/** Types of load-run.mjs, for test/load.test.ts. */

/** What a load run does. */
export interface LoadOptions {
  /** Worker processes. */
  readonly workers: number;
  /** Sweep sizes in trials, smallest first (each sweep has 3 more: stage two and the final trial). */
  readonly sizes: readonly number[];
  /** A base deadline, scaled by SEQSWEEP_TEST_TIMEOUT_SCALE. @default 180000 */
  readonly workerStartTimeoutMs?: number;
  /** Keep the temporary folder (specs, results). @default false */
  readonly keep?: boolean;
  /** Receives progress lines. @default nothing */
  readonly log?: (line: string) => void;
}

/** One sweep's figures. */
export interface LoadRow {
  readonly trials: number;
  readonly wallMs: number;
  /** The coordinator process's peak RSS (largest VmHWM sampled). */
  readonly peakRssMiB: number;
  readonly rssSamples: number;
  /** The coordinator's CPU time (user and system) over the sweep, in ms, from /proc/<pid>/stat. */
  readonly cpuMs: number;
  /** Milliseconds per result over the middle 80% of the results; null for a tiny sweep. */
  readonly steadyMsPerTrial: number | null;
  readonly recorded: number;
  readonly unique: number;
  readonly completed: number;
  /** Distinct workers that recorded trials. */
  readonly workers: number;
}

export interface LoadReport {
  readonly workers: number;
  readonly workersAlive: number;
  readonly workersReadyMs: number;
  readonly workerRssMiB: { readonly idleMedian: number; readonly idleTotal: number; readonly peakMax: number };
  /** The faster of two 13-trial sweeps: what a run costs whatever its size. */
  readonly fixed: LoadRow;
  /** One per size, with the overhead per trial: wall time less the fixed run's, over the extra trials. */
  readonly rows: readonly (LoadRow & { readonly perTrialMs: number })[];
}

/** The coordinator's most peak RSS at any size, and how much more the largest size may cost per trial than the smallest. */
export interface LoadLimits {
  readonly rssMiB: number;
  readonly perTrialRatio: number;
}

export const LOAD_LIMITS: LoadLimits;
export function memoryOf(pid: number): Promise<{ rssKiB: number; hwmKiB: number } | undefined>;
export function cpuMsOf(pid: number): Promise<number | undefined>;
export function runLoad(options: LoadOptions): Promise<LoadReport>;
export function correctnessProblems(report: LoadReport): string[];
export function loadProblems(report: LoadReport, limits?: LoadLimits): string[];
export function ratios(report: LoadReport): { rssRatio: number | null; perTrialRatio: number | null; steadyRatio: number | null; cpuPerTrialRatio: number | null };
