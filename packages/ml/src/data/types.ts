import type { MinMaxScaler, WindowDates, TaskKind } from '@seqsweep/core';

export type { TaskKind } from '@seqsweep/core';

/**
 * A dataset of fixed-length sequences, held as one contiguous row-major Float32Array
 * (`x[((i * steps) + t) * features + f]`). Every loader returns this shape, and the training loop slices it
 * by sample index, so a dataset is loaded once per process and reused by every trial.
 */
export interface SequenceDataset<I extends DatasetInfo = DatasetInfo> {
  /** The name of the task that produced it (a built-in's, or a module's own). */
  readonly task: string;
  readonly kind: TaskKind;
  /** Number of samples. */
  readonly size: number;
  /** Timesteps per sample. */
  readonly steps: number;
  /** Features per timestep. */
  readonly features: number;
  /** Inputs, `size * steps * features` values. */
  readonly x: Float32Array;
  /** Class label per sample (classification only). */
  readonly labels?: Int32Array;
  /** Number of classes (classification only). */
  readonly numClasses?: number;
  /** Prediction target, same layout as `x` (prediction only): the window shifted by one step. */
  readonly target?: Float32Array;
  /** A group id per sample (the company of an sp500 window), for reading predictions back in their units. */
  readonly groups?: Int32Array;
  /**
   * The dates of each sample, for datasets of windows of dated series (sp500, series); splits by date read them.
   * Absent for i.i.d. samples (toy, mnist).
   */
  readonly dates?: WindowDates;
  /**
   * `minmax-per-group`: `x` and `target` hold raw values (dollars), and each trial scales every group (and feature)
   * with a MinMax scaler fit on its own training windows only (see `fitTrialScaling`). Absent: `x` is used as is.
   */
  readonly scaling?: 'minmax-per-group';
  /** What the loader did: counts of rows read and dropped, scalers, the file it read. JSON-serialisable. */
  readonly info: I;
}


export type { MinMaxScaler, WindowDates } from '@seqsweep/core';

/** The loader's report. Each loader extends it with its own typed fields (see `ToyInfo`, `MnistInfo`, `Sp500Info`). */
export interface DatasetInfo {
  /** The file or directory read, as an absolute path, or the generator's name for synthetic data. */
  readonly source: string;
  readonly [key: string]: unknown;
  readonly scalers?: readonly MinMaxScaler[];
}
