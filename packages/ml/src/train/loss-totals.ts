/**
 * Running totals of batch losses over a split, weighted by batch size, turned into the metrics of an epoch or an
 * evaluation. Every value is a finite number or null.
 */
import type { ModelHead } from '../models/model-definition.js';

/** Metrics of a split. `taskLoss` is present for models with a task head, `accuracy` for classifiers. */
export interface SplitMetrics {
  readonly loss: number | null;
  readonly reconLoss: number | null;
  readonly taskLoss?: number | null;
  readonly accuracy?: number | null;
}

/** Adds up batch losses (`[loss, recon, task, correct]`, as `unpackLosses` spreads them). */
export class LossTotals {
  readonly #head: ModelHead;
  #samples = 0;
  #loss = 0;
  #recon = 0;
  #task = 0;
  #correct = 0;

  constructor(head: ModelHead) {
    this.#head = head;
  }

  /** Samples added so far. */
  get samples(): number {
    return this.#samples;
  }

  /** The mean loss so far (NaN before the first batch, or once a loss was not finite). */
  get meanLoss(): number {
    return this.#loss / this.#samples;
  }

  /** Adds one batch of `size` samples. */
  add(packed: ArrayLike<number>, size: number): void {
    this.#samples += size;
    this.#loss += packed[0]! * size;
    this.#recon += packed[1]! * size;
    this.#task += packed[2]! * size;
    this.#correct += packed[3]!;
  }

  /** The mean metrics; all null for an empty split. */
  metrics(): SplitMetrics {
    const mean = (sum: number): number | null => finiteOrNull(this.#samples === 0 ? NaN : sum / this.#samples);
    const base = { loss: mean(this.#loss), reconLoss: mean(this.#recon) };
    if (this.#head === 'none') return base;
    if (this.#head === 'prediction') return { ...base, taskLoss: mean(this.#task) };
    return { ...base, taskLoss: mean(this.#task), accuracy: mean(this.#correct) };
  }
}

/** A finite number, else null. */
export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Prefixes metric names: `val` + `loss` gives `valLoss`. */
export function prefixMetrics(prefix: string, metrics: SplitMetrics): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(metrics)) out[prefix ? `${prefix}${key[0]!.toUpperCase()}${key.slice(1)}` : key] = value as number | null;
  return out;
}
