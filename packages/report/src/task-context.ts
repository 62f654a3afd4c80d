/** What a task's section of the report draws from: the saved best model, its dataset and the held-out test split. */
import type { LoadedModel, SequenceDataset } from '@seqsweep/ml';
import type { ResultsFile } from '@seqsweep/core';

/** The best model with the data it was tested on. */
export interface TaskContext {
  readonly results: ResultsFile;
  /** The model of `best/`, loaded, never retrained. */
  readonly model: LoadedModel['model'];
  /** The task's dataset, loaded again with the spec's task options and seed, and scaled as the final trial was. */
  readonly dataset: SequenceDataset;
  /** The held-out test split of the sweep, as sample indices (ascending). */
  readonly test: Int32Array;
}
