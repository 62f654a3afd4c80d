/**
 * Where everything of seqsweep lives on a NATS server, under one prefix P (default `seqsweep`):
 *
 * | name | kind | carries |
 * |---|---|---|
 * | `P.trials.<sweep>` | stream `P_TRIALS`, work queue, file | TrialAssignment; durable pull consumer `workers-<sweep>` per sweep |
 * | `P.results.<sweep>.<trial>` | stream `P_RESULTS`, limits, file, one message per subject | TrialResult |
 * | `P.progress.<sweep>.<trial>` | plain | TrialProgress |
 * | `P.workers` | plain | WorkerHeartbeat |
 * | KV `P-sweeps` | bucket, key `<sweep>` | SweepRecord |
 * | KV `P-trial-ids` | bucket, key `<sweep>.<trial>` | one key per trial ever published: dedup for the sweep's life |
 * | Object store `P-data` | bucket | data files, named by path, checked by SHA-256 |
 *
 * Ids enter subjects, consumer names and keys through {@link idToken}.
 */
import { idToken } from '@seqsweep/core/internal';

/** The names of one prefix's streams, subjects, consumers and buckets. */
export interface NatsLayout {
  /** The first token of every subject. */
  readonly prefix: string;
  /** `P_TRIALS`. */
  readonly trialsStream: string;
  /** `P_RESULTS`. */
  readonly resultsStream: string;
  /** `P-sweeps`. */
  readonly sweepsBucket: string;
  /** `P-trial-ids`. */
  readonly trialIdsBucket: string;
  /** `P-data`: data files, written by the coordinator only. */
  readonly dataBucket: string;
  /** `P-models`: the final models workers store. */
  readonly modelsBucket: string;
  /** `P.workers`. */
  readonly heartbeats: string;
  /** `P.trials.<sweep>`. */
  trials(sweepId: string): string;
  /** The durable pull consumer every worker of the sweep shares. */
  consumer(sweepId: string): string;
  /** `P.results.<sweep>.<trial>`. */
  result(sweepId: string, trialId: string): string;
  /** Every result subject of a sweep. */
  resultsOf(sweepId: string): string;
  /** `P.progress.<sweep>.<trial>`. */
  progress(sweepId: string, trialId: string): string;
  /** Every progress subject of a sweep. */
  progressOf(sweepId: string): string;
  /** The server's advisory when a message of the sweep's consumer runs out of deliveries. */
  maxDeliveries(sweepId: string): string;
  /** The sweep's key in `P-sweeps`. */
  sweepKey(sweepId: string): string;
  /** The trial's key in `P-trial-ids`. */
  trialIdKey(sweepId: string, trialId: string): string;
  /** The Nats-Msg-Id of a trial or result: unique across sweeps, so one sweep's ids never shadow another's. */
  messageId(sweepId: string, trialId: string): string;
}

/** The layout under `prefix` (already checked against `PREFIX_PATTERN`). */
export function natsLayout(prefix: string): NatsLayout {
  // Stream names cannot contain '.'; the prefix pattern already excludes it, and '-' is kept as is.
  const trialsStream = `${prefix}_TRIALS`;
  return {
    prefix,
    trialsStream,
    resultsStream: `${prefix}_RESULTS`,
    sweepsBucket: `${prefix}-sweeps`,
    trialIdsBucket: `${prefix}-trial-ids`,
    dataBucket: `${prefix}-data`,
    modelsBucket: `${prefix}-models`,
    heartbeats: `${prefix}.workers`,
    trials: (s) => `${prefix}.trials.${idToken(s)}`,
    consumer: (s) => `workers-${idToken(s)}`,
    result: (s, t) => `${prefix}.results.${idToken(s)}.${idToken(t)}`,
    resultsOf: (s) => `${prefix}.results.${idToken(s)}.*`,
    progress: (s, t) => `${prefix}.progress.${idToken(s)}.${idToken(t)}`,
    progressOf: (s) => `${prefix}.progress.${idToken(s)}.*`,
    maxDeliveries: (s) => `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${trialsStream}.workers-${idToken(s)}`,
    sweepKey: (s) => idToken(s),
    trialIdKey: (s, t) => `${idToken(s)}.${idToken(t)}`,
    messageId: (s, t) => `${s}/${t}`,
  };
}
