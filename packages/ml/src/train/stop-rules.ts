/** When a training run ends before its last epoch: divergence and early stopping. */
import type { TrainOptions } from '@seqsweep/core';

/** Where a {@link DivergenceGuard} stands: its reference loss, or null before the first batch. Plain JSON. */
export interface DivergenceState {
  readonly reference: number | null;
}

/**
 * Where an {@link EarlyStopping} stands: the best validation loss so far (null before any), the epochs since it,
 * and whether it has stopped the run. Plain JSON.
 */
export interface EarlyStoppingState {
  readonly best: number | null;
  readonly since: number;
  readonly stopped: boolean;
}

/**
 * Tells a diverging run apart: a loss that is not finite, or a running epoch loss above `divergenceFactor`
 * times the reference. The reference is the first epoch's mean loss, or the first batch's loss until the first
 * epoch ends.
 */
export class DivergenceGuard {
  readonly #factor: number;
  #reference: number | undefined;

  constructor(train: Pick<TrainOptions, 'divergenceFactor'>, state?: DivergenceState) {
    this.#factor = train.divergenceFactor;
    if (state?.reference != null) this.#reference = state.reference;
  }

  /** Its state, for a checkpoint. */
  state(): DivergenceState {
    return { reference: this.#reference ?? null };
  }

  /** Checks a batch's loss and the epoch's running mean; returns why the run diverged, or undefined. */
  checkBatch(batchLoss: number, runningMean: number): string | undefined {
    if (!Number.isFinite(batchLoss)) return `the training loss became ${batchLoss}`;
    this.#reference ??= batchLoss;
    if (this.#reference > 0 && runningMean > this.#factor * this.#reference) {
      return `the training loss ${runningMean.toPrecision(4)} exceeded ${this.#factor} x the first loss ${this.#reference.toPrecision(4)}`;
    }
    return undefined;
  }

  /** Ends an epoch; the first epoch's mean loss becomes the reference. */
  endEpoch(epochIndex: number, meanLoss: number): void {
    if (epochIndex === 0 && Number.isFinite(meanLoss) && meanLoss > 0) this.#reference = meanLoss;
  }
}

/** Early stopping on the validation loss: stops after `patience` epochs without a new best. */
export class EarlyStopping {
  readonly #patience: number | null;
  #best = Infinity;
  #since = 0;
  #stopped = false;

  constructor(train: Pick<TrainOptions, 'patience'>, state?: EarlyStoppingState) {
    this.#patience = train.patience;
    if (state) {
      this.#best = state.best ?? Infinity;
      this.#since = state.since;
      this.#stopped = state.stopped;
    }
  }

  /** True once it has stopped the run: a run continued from here trains no further epoch. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Its state, for a checkpoint. */
  state(): EarlyStoppingState {
    return { best: Number.isFinite(this.#best) ? this.#best : null, since: this.#since, stopped: this.#stopped };
  }

  /** Records an epoch's validation loss (null when there is no validation); true when training should stop. */
  update(valLoss: number | null): boolean {
    if (this.#patience === null || valLoss === null) return false;
    if (valLoss < this.#best) {
      this.#best = valLoss;
      this.#since = 0;
      return false;
    }
    this.#since += 1;
    this.#stopped = this.#since >= this.#patience;
    return this.#stopped;
  }
}
