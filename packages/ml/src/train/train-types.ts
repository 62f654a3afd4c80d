/** The arguments and the outcome of {@link trainModel}. */
import type * as tf from '@tensorflow/tfjs';
import type { SequenceDataset } from '../data/types.js';
import type { EpochMetrics } from '@seqsweep/core';
import type { ModelOptions, TrainOptions } from '@seqsweep/core';
import type { TrainCheckpoint } from './checkpoint-format.js';
import type { ModelCache } from './model-cache.js';

/** A throttled report from inside an epoch, and one at each epoch's end. */
export interface TrainProgress {
  /** The epoch being trained, from 1 (counting the epochs of the checkpoint a run continues). */
  readonly epoch: number;
  /** The epoch the run ends at: `untilEpoch` (the rung's budget) or else `train.epochs`. */
  readonly epochs: number;
  /** Batches done in this epoch, from 1. */
  readonly batch: number;
  readonly batches: number;
  /** The epoch's mean training loss so far. */
  readonly loss: number;
  /** The epoch's validation loss, on the report at its end (null without validation samples). */
  readonly valLoss?: number | null;
}

/** What {@link trainModel} trains, on what, and whom it tells. */
export interface TrainArgs {
  readonly dataset: SequenceDataset;
  readonly trainIndices: Int32Array;
  /** Samples scored after every epoch; empty for none (then the last epoch counts as the best). */
  readonly valIndices: Int32Array;
  /** Parsed model options. */
  readonly model: ModelOptions;
  /** Parsed train options, defaults filled in. */
  readonly train: TrainOptions;
  /** Seeds weight init and the shuffling of every epoch. */
  readonly seed: number;
  /** Called at most every `train.progressIntervalMs` within an epoch, and always at an epoch's end. */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Called after each epoch with its metrics and its index in the history (from 0). */
  readonly onEpoch?: (metrics: EpochMetrics, epoch: number) => void;
  /** Aborting ends training after the current batch, with status `aborted`. */
  readonly signal?: AbortSignal;
  /** Return the trained model (the caller disposes it) instead of disposing it. @default false */
  readonly keepModel?: boolean;
  /**
   * Stop once this many epochs are done in all, counting those of `resumeFrom`: the budget of a rung of successive
   * halving. A whole number from 1 to `train.epochs`, which keeps its meaning everywhere else (the stage's budget).
   * @default train.epochs
   */
  readonly untilEpoch?: number;
  /**
   * Go on with the run this checkpoint holds (from {@link decodeCheckpoint}) instead of starting afresh: its
   * weights, optimizer state, shuffling, early stopping, divergence guard and history. It must come from a run with
   * the same model, seed, train options (but `epochs` and `progressIntervalMs`) and data split, and hold at most
   * `untilEpoch` epochs; otherwise trainModel throws a CheckpointError (a DataError). The outcome's history, `bestEpoch` and `metrics`
   * cover every epoch from the first. A checkpoint of a run that early stopping ended trains nothing more.
   */
  readonly resumeFrom?: TrainCheckpoint;
  /** Return the run's state after its last epoch as checkpoint bytes (completed runs only). @default false */
  readonly checkpoint?: boolean;
  /**
   * Models kept between runs (a worker's): the run trains a kept model of its options and shape when there is one,
   * with the weights a fresh build from its seed has, and hands its model back at the end instead of disposing it.
   * Not used with `keepModel`. @default none: every run builds and disposes its own
   */
  readonly models?: ModelCache;
}

/** How a training run ended. */
export type TrainStatus = 'completed' | 'diverged' | 'aborted';

/** The outcome of {@link trainModel}. */
export interface TrainOutcome {
  readonly status: TrainStatus;
  /**
   * One entry per epoch trained: `loss`, `reconLoss` (plus `taskLoss`, and `accuracy` for classifiers) on the
   * training batches, and the same with a `val` prefix. Finite numbers or null. A diverged run's last entry is
   * the epoch it diverged in, with its training losses so far and null validation metrics.
   */
  readonly history: EpochMetrics[];
  /** Index in `history` of the epoch with the lowest `valLoss` (the last epoch without validation); -1 if none. */
  readonly bestEpoch: number;
  /** The metrics of `bestEpoch` (empty when there is none). */
  readonly metrics: EpochMetrics;
  /** Why a diverged run was stopped. */
  readonly reason?: string;
  /** The time this call took (a continued run: not the epochs of its checkpoint). */
  readonly durationMs: number;
  /** Training samples per second over the training batches this call trained (validation excluded). */
  readonly samplesPerSecond: number;
  /**
   * With `keepModel`, the model as it is after the last step (not rewound to `bestEpoch`), for `completed` and
   * `diverged` runs. The caller disposes it. An aborted run's model is always disposed.
   */
  readonly model?: tf.LayersModel;
  /**
   * With `checkpoint`, for a `completed` run: its state after its last epoch, as the bytes of
   * {@link encodeCheckpoint} (read back with {@link decodeCheckpoint}). A diverged or aborted run leaves none.
   */
  readonly checkpoint?: Uint8Array;
}
