/**
 * The tasks by registry key: the built-ins by name, and users' modules by `module:<path>` once a worker has
 * imported them. `loadDataset` looks tasks up here and nowhere else.
 */
import { componentKey, ErrorCode, ModuleError, ownOptions, UserError } from '@seqsweep/core';
import type { TaskData, TaskModule } from '../define.js';
import { BUILTIN_TASK_MODULES } from './builtin-tasks.js';
import type { SequenceDataset } from './types.js';

const tasks = new Map<string, TaskModule>(BUILTIN_TASK_MODULES.map((t) => [t.name, t as unknown as TaskModule]));
const builtinNames = BUILTIN_TASK_MODULES.map((t) => t.name);

/** Registers a task under `key` (its name, or `module:<path>` for a user's module), replacing any before. */
export function registerTask(task: TaskModule, key: string = task.name): void {
  tasks.set(key, task);
}

/** Every registered task: the built-ins first, in their declared order. */
export function listTasks(): readonly TaskModule[] {
  return [...tasks.values()];
}

/** The task a spec value or registry key names; an unknown one is a UserError (`UNKNOWN_NAME`). */
export function getTaskDefinition(task: string | Readonly<Record<string, unknown>>): TaskModule {
  const key = typeof task === 'string' ? task : componentKey(task);
  const found = key === undefined ? undefined : tasks.get(key);
  if (!found) {
    throw new UserError(ErrorCode.UnknownName, `there is no task named ${JSON.stringify(key)}`, {
      fix: `choose one of ${builtinNames.join(', ')}, or name a module with task.module`,
    });
  }
  return found;
}

/** Loads the dataset of a task value with its registered task, checking what a module returns. */
export async function loadRegisteredTask(value: Readonly<Record<string, unknown>>, seed: number, packageRoot: string | undefined): Promise<SequenceDataset> {
  const task = getTaskDefinition(value);
  const builtin = 'name' in task.options.shape;
  const parsed = task.options.safeParse(builtin ? value : ownOptions(value));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `task.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new UserError(ErrorCode.InvalidSpec, `invalid options for task "${task.name}": ${issues}`, { fix: 'correct the task options in the spec' });
  }
  // A built-in loader returns a whole SequenceDataset; a module's data is checked and completed here.
  if (builtin) return (await task.load({ options: parsed.data, seed, packageRoot })) as SequenceDataset;
  const source = typeof value.module === 'string' ? value.module : task.name;
  let data: TaskData;
  try {
    data = await task.load({ options: parsed.data, seed, packageRoot });
  } catch (e) {
    // A data file the module names that is missing is the user's to fix, as for a built-in; anything else fails once.
    throw e instanceof UserError ? e : new ModuleError(source, 'failed to load its data', e);
  }
  return completeData(task, source, data);
}

function completeData(task: TaskModule, source: string, data: TaskData): SequenceDataset {
  const bad = (why: string): ModuleError => new ModuleError(source, `returned data that ${why}`);
  const whole = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  if (!whole(data.size) || !whole(data.steps) || !whole(data.features)) throw bad('lacks a positive whole size, steps or features');
  if (!(data.x instanceof Float32Array) || data.x.length !== data.size * data.steps * data.features) throw bad('has no Float32Array x of size * steps * features values');
  if (task.kind === 'classification' && (!(data.labels instanceof Int32Array) || data.labels.length !== data.size || !whole(data.numClasses))) {
    throw bad('has no Int32Array labels (one per sample) and numClasses, which a classification task needs');
  }
  if (task.kind === 'prediction' && (!(data.target instanceof Float32Array) || data.target.length !== data.x.length)) {
    throw bad('has no Float32Array target laid out as x, which a prediction task needs');
  }
  if (task.dated && !data.dates) throw bad('has no dates, which a dated task needs');
  return {
    task: task.name, kind: task.kind, size: data.size, steps: data.steps, features: data.features, x: data.x,
    ...(data.labels ? { labels: data.labels, numClasses: data.numClasses } : {}),
    ...(data.target ? { target: data.target } : {}),
    ...(data.dates ? { dates: data.dates } : {}),
    info: { source, ...data.info },
  };
}
