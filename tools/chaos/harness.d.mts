// Types of harness.mjs, for test/chaos.test.ts (the harness itself is plain JavaScript run by node).
import type { NatsClusterHandle, NatsServerHandle } from '@seqsweep/transport-nats/testing';

/** What a chaos run does. */
export interface ChaosOptions {
  /** About how many trials the noop sweep plans. @default 240 */
  readonly trials: number;
  /** `seqsweep worker` processes kept running. @default 4 */
  readonly workers: number;
  /** Workers SIGKILLed (each replaced at once). @default 12 */
  readonly workerKills: number;
  /** nats-server restarts on the same port and store: the first a clean stop, the next a SIGKILL, and so on. @default 2 */
  readonly serverRestarts: number;
  /** Coordinator SIGKILLs, each followed by `seqsweep resume`. @default 1 */
  readonly coordinatorKills: number;
  /** The spec's seed, and the seed of the fault schedule. @default 7 */
  readonly seed: number;
  /** How long each noop trial sleeps. @default 250 */
  readonly sleepMs: number;
  /** `--ack-wait` of the sweep. @default 3000 */
  readonly ackWaitMs: number;
  /** `--max-deliver` of the sweep. @default 3 */
  readonly maxDeliver: number;
  /** How long the server stays down at each restart. @default 1000 */
  readonly serverDownMs: number;
  /** Each sweep is stopped, and the run fails, after this long. @default 600000 */
  readonly timeoutMs: number;
  /** Keep the logs, results and store (a temporary folder) afterwards. @default false */
  readonly keep: boolean;
  /**
   * Run on a 3-node JetStream cluster with --replicas 3; each server fault SIGKILLs the node this names (the leader
   * of the work-queue stream, one that leads nothing, or those in turn) and restarts it later.
   * @default null (one nats-server)
   */
  readonly cluster: 'leader' | 'idle' | 'rotate' | null;
  /**
   * On a cluster: no process passes --replicas, and the workers start and set up the streams before `run`, so the
   * replicas are those the layout takes from the cluster on its own.
   * @default false
   */
  readonly followCluster: boolean;
  /** On a cluster, the results the sweep makes while a node is down. @default 0: 5% of the trials, at least 3 */
  readonly serverDownResults: number;
}

/** A cluster as the sweep's server: each fault kills one node, `restart()` brings it back. */
export interface ChaosClusterServer {
  readonly url: string;
  readonly cluster: NatsClusterHandle;
  fault(): Promise<string>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface Fault {
  readonly kind: 'worker' | 'server' | 'coordinator';
  /** Injected once the sweep has this many results. */
  readonly at: number;
}

/** What `runSweep` (sweep.mjs) is given. */
export interface SweepRunOptions {
  readonly server: NatsServerHandle | ChaosClusterServer;
  readonly prefix: string;
  /** More connection arguments of every process (`--replicas 3` on a cluster). */
  readonly connArgs: readonly string[];
  readonly serverDownResults: number;
  /** Wait for every worker to be ready before `run` starts. */
  readonly workersFirst?: boolean;
  readonly specPath: string;
  readonly workDir: string;
  readonly outDir: string;
  readonly workers: number;
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  readonly serverDownMs: number;
  readonly timeoutMs: number;
  readonly total: number;
  readonly faults: readonly Fault[];
  readonly rng: { int(n: number): number };
  readonly log: (line: string) => void;
}

/** One sweep of a chaos run, with the faults it met. */
export interface SweepRun {
  readonly sweepId: string;
  /** The last coordinator exited 0. */
  readonly finished: boolean;
  readonly injected: { readonly workerKills: number; readonly serverRestarts: number; readonly coordinatorKills: number };
  /** One line per fault, with its time and the results seen then. */
  readonly events: readonly string[];
  readonly coordinatorCrashes: readonly string[];
  /** Workers that exited on their own (not killed by the harness). */
  readonly workerExits: readonly { readonly worker: string; readonly exit: string; readonly afterReady: boolean }[];
  readonly workersStarted: number;
  /** Results a worker sent for a trial that already had one (a redelivery), refused by the server. */
  readonly refusedDuplicates: number;
  readonly wallMs: number;
}

/** The figures of the checks (verify.mjs). */
export interface ChaosCheck {
  readonly planned: number;
  readonly inResults: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly unplanned: number;
  readonly failed: number;
  readonly stuck: number;
  readonly leftInQueue: number;
  readonly storedResults: number;
  readonly storedDuplicates: number;
  readonly sweepStatus: string;
  readonly redelivered: number;
  readonly leaderboardEqual: boolean;
  readonly details: {
    readonly lost: readonly string[];
    readonly unplanned: readonly string[];
    readonly failed: readonly string[];
    readonly missingOnServer: readonly string[];
    readonly leaderboardDiff: readonly string[];
    readonly bestEqual: boolean;
  };
}

export interface ChaosReport {
  readonly options: ChaosOptions;
  /** Trials planned. */
  readonly total: number;
  /** On a cluster, the results made while a node was down. */
  readonly serverDownResults: number;
  /** The temporary folder of logs, results and the store (removed unless `keep`). */
  readonly workDir: string;
  readonly chaos: SweepRun;
  readonly reference: SweepRun;
  readonly check: ChaosCheck;
  /** The replicas of the chaos prefix's streams and buckets after the run, by stream name. */
  readonly replicas: Readonly<Record<string, number | undefined>>;
  /** Every invariant that failed, as a sentence; empty when the run passed. */
  failures: string[];
}

export const CHAOS_DEFAULTS: Readonly<ChaosOptions>;
export function chaosSpec(o: { trials: number; seed: number; sleepMs: number }): Record<string, unknown> & { grid: { learningRate: number[] } };
export function runChaos(options?: Partial<ChaosOptions> & { log?: (line: string) => void }): Promise<ChaosReport>;
export function summaryTable(report: ChaosReport): string[];
