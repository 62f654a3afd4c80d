/**
 * Runs the epochs of one training run: shuffles by seed, steps through the batches yielding to the event loop
 * between them, validates, reports progress and decides when to stop.
 */
import type { EpochMetrics } from '@seqsweep/core';
import { createRng, restoreRng, type Rng, type RngState } from '@seqsweep/core';
import { disposeBatch, gatherBatch } from './batches.js';
import { evaluateBatches, evaluationBatchSize } from './evaluate-model.js';
import { LossTotals, prefixMetrics } from './loss-totals.js';
import type { SplitBatches } from './split-batches.js';
import { DivergenceGuard, EarlyStopping, type DivergenceState, type EarlyStoppingState } from './stop-rules.js';
import { trainStep, type StepContext } from './train-step.js';
import type { TrainArgs, TrainStatus } from './train-types.js';

/** How the epochs ended, and why for a diverged run. */
export interface RunEnd {
  readonly status: TrainStatus;
  readonly reason?: string;
}

/** Where a run's epoch loop stands between two epochs: all it needs to go on as if it had not stopped. */
export interface RunnerState {
  readonly history: readonly EpochMetrics[];
  /** The training indices in the order the last epoch shuffled them to. */
  readonly order: Int32Array;
  readonly rng: RngState;
  readonly early: EarlyStoppingState;
  readonly guard: DivergenceState;
}

type EpochEnd = { readonly kind: 'trained'; readonly totals: LossTotals } | { readonly kind: 'aborted' } | { readonly kind: 'diverged'; readonly totals: LossTotals; readonly reason: string };

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Within an epoch the loop yields to the event loop once this many milliseconds have passed since it last did (and
 * after every epoch): often enough for lease renewals, aborts and progress, without a turn of the event loop after
 * each of a short trial's sub-millisecond steps.
 */
export const YIELD_EVERY_MS = 5;

/**
 * One training run's epoch loop. Owns no tensors: the step context's model and optimizer, and the validation
 * batches, belong to the caller.
 */
export class EpochRunner {
  /** One entry per epoch trained so far. */
  readonly history: EpochMetrics[] = [];
  readonly #args: TrainArgs;
  readonly #step: StepContext;
  readonly #validation: SplitBatches;
  readonly #order: Int32Array;
  readonly #rng: Rng;
  readonly #guard: DivergenceGuard;
  readonly #early: EarlyStopping;
  readonly #batches: number;
  readonly #until: number;
  #lastReport = -Infinity;
  #lastYield = -Infinity;
  #trainMs = 0;
  #trained = 0;

  /**
   * Starts at epoch 1, or goes on from `from` (a state of a run with the same arguments) until `until` epochs in all.
   * `validation` holds the batches of `args.valIndices` at the evaluation batch size.
   */
  constructor(args: TrainArgs, step: StepContext, validation: SplitBatches, until: number, from?: RunnerState) {
    this.#args = args;
    this.#step = step;
    this.#validation = validation;
    this.#until = until;
    this.history.push(...(from?.history ?? []));
    this.#order = Int32Array.from(from?.order ?? args.trainIndices);
    this.#rng = from ? restoreRng(from.rng) : createRng(args.seed, 'shuffle');
    this.#guard = new DivergenceGuard(args.train, from?.guard);
    this.#early = new EarlyStopping(args.train, from?.early);
    this.#batches = Math.ceil(this.#order.length / args.train.batchSize);
  }

  /** Its state now: between epochs, what a run continued from here needs. Copies, so training on changes none of it. */
  state(): RunnerState {
    return {
      history: this.history.map((h) => ({ ...h })), order: Int32Array.from(this.#order), rng: this.#rng.state(),
      early: this.#early.state(), guard: this.#guard.state(),
    };
  }

  /** Training samples per second over the batches trained so far. */
  get samplesPerSecond(): number {
    return this.#trainMs > 0 ? (this.#trained * 1000) / this.#trainMs : 0;
  }

  /**
   * Trains until `until` epochs in all, early stopping, divergence or abort. A run that early stopping has ended
   * trains no further epoch.
   */
  async run(): Promise<RunEnd> {
    const { train, signal } = this.#args;
    for (let epoch = this.history.length; epoch < this.#until && !this.#early.stopped; epoch++) {
      const end = await this.#trainEpoch(epoch);
      if (end.kind === 'aborted') return { status: 'aborted' };
      if (end.kind === 'diverged') {
        const none = new LossTotals(this.#step.head).metrics();
        this.history.push({ ...prefixMetrics('', end.totals.metrics()), ...prefixMetrics('val', none) });
        return { status: 'diverged', reason: end.reason };
      }
      this.#guard.endEpoch(epoch, end.totals.meanLoss);
      const val = await evaluateBatches(this.#step.model, this.#validation, {
        head: this.#step.head, batchSize: evaluationBatchSize(train), reconstructionWeight: train.reconstructionWeight,
      }, signal);
      if (!val) return { status: 'aborted' };
      const metrics = { ...prefixMetrics('', end.totals.metrics()), ...prefixMetrics('val', val.metrics()) };
      this.history.push(metrics);
      this.#args.onEpoch?.(metrics, epoch);
      this.#report(epoch, this.#batches, end.totals.meanLoss, metrics.valLoss ?? null);
      this.#early.update(metrics.valLoss ?? null);
    }
    return { status: 'completed' };
  }

  async #trainEpoch(epoch: number): Promise<EpochEnd> {
    const { dataset, train, signal } = this.#args;
    const totals = new LossTotals(this.#step.head);
    this.#rng.shuffle(this.#order);
    for (let b = 0; b < this.#batches; b++) {
      if (signal?.aborted) return { kind: 'aborted' };
      const started = performance.now();
      const start = b * train.batchSize;
      const batch = gatherBatch(dataset, this.#order, start, Math.min(this.#order.length, start + train.batchSize), this.#step.head);
      let packed: Float32Array;
      try {
        packed = trainStep(this.#step, batch);
      } finally {
        disposeBatch(batch);
      }
      totals.add(packed, batch.size);
      this.#trained += batch.size;
      this.#trainMs += performance.now() - started;
      const reason = this.#guard.checkBatch(packed[0]!, totals.meanLoss);
      if (reason !== undefined) return { kind: 'diverged', totals, reason };
      const now = performance.now();
      if (now - this.#lastReport >= train.progressIntervalMs) this.#report(epoch, b + 1, totals.meanLoss);
      if (now - this.#lastYield >= YIELD_EVERY_MS || b === this.#batches - 1) {
        await nextTick();
        this.#lastYield = performance.now();
      }
    }
    return { kind: 'trained', totals };
  }

  #report(epoch: number, batch: number, loss: number, valLoss?: number | null): void {
    this.#lastReport = performance.now();
    const base = { epoch: epoch + 1, epochs: this.#until, batch, batches: this.#batches, loss };
    this.#args.onProgress?.(valLoss === undefined ? base : { ...base, valLoss });
  }
}
