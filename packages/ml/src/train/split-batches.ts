/**
 * The batches of a split that is scored again and again in the same order (validation after every epoch): gathered
 * into tensors once and kept for the whole run when they are small enough, so an epoch's validation pays for its
 * forward passes and losses only, not for copying its samples again.
 */
import type { SequenceDataset } from '../data/types.js';
import type { ModelHead } from '../models/model-definition.js';
import { disposeBatch, gatherBatch, type BatchTensors } from './batches.js';

/**
 * The most bytes of batch tensors a split keeps between passes (`x`, plus targets for prediction): 64 MiB, e.g.
 * 21,000 MNIST images. A larger split gathers each batch again on every pass, as before, so that a large validation
 * split does not double a worker's memory.
 */
export const KEEP_SPLIT_BYTES = 64 * 1024 * 1024;

/**
 * A split's samples in index order, in batches of `batchSize` (the last one smaller). Owns the tensors it keeps:
 * call {@link SplitBatches.dispose} when the run is over.
 */
export class SplitBatches {
  /** How many batches a pass has. */
  readonly count: number;
  readonly #dataset: SequenceDataset;
  readonly #indices: Int32Array;
  readonly #batchSize: number;
  readonly #head: ModelHead;
  readonly #kept: (BatchTensors | undefined)[] | undefined;
  #disposed = false;

  /** Keeps the batches once gathered when they take at most `keepBytes`; 0 keeps none. */
  constructor(dataset: SequenceDataset, indices: Int32Array, batchSize: number, head: ModelHead, keepBytes = KEEP_SPLIT_BYTES) {
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a whole number >= 1, got ${batchSize}`);
    this.#dataset = dataset;
    this.#indices = indices;
    this.#batchSize = batchSize;
    this.#head = head;
    this.count = Math.ceil(indices.length / batchSize);
    this.#kept = splitBytes(dataset, indices.length, head) <= keepBytes ? new Array<BatchTensors | undefined>(this.count) : undefined;
  }

  /** The samples in the split. */
  get size(): number {
    return this.#indices.length;
  }

  /** Batch `b` (from 0). Hand it back with {@link SplitBatches.release} once used. */
  take(b: number): BatchTensors {
    if (this.#disposed) throw new Error('the split\'s batches were disposed');
    if (!(Number.isInteger(b) && b >= 0 && b < this.count)) throw new RangeError(`batch ${b} is outside 0..${this.count - 1}`);
    const kept = this.#kept?.[b];
    if (kept) return kept;
    const start = b * this.#batchSize;
    const batch = gatherBatch(this.#dataset, this.#indices, start, Math.min(this.#indices.length, start + this.#batchSize), this.#head);
    if (this.#kept) this.#kept[b] = batch;
    return batch;
  }

  /** Disposes `batch` unless the split keeps it. */
  release(batch: BatchTensors): void {
    if (!this.#kept?.includes(batch)) disposeBatch(batch);
  }

  /** Disposes every batch it keeps. */
  dispose(): void {
    this.#disposed = true;
    if (!this.#kept) return;
    for (const batch of this.#kept) if (batch) disposeBatch(batch);
    this.#kept.fill(undefined);
  }
}

function splitBytes(dataset: SequenceDataset, samples: number, head: ModelHead): number {
  const values = samples * dataset.steps * dataset.features;
  return 4 * (head === 'prediction' ? 2 * values : values) + (head === 'classification' ? 4 * samples : 0);
}
