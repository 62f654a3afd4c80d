/**
 * How a sweep splits its data: at random (i.i.d. samples: toy, mnist) or by date (forecasting: sp500, series). The
 * schema takes what a user writes; {@link fillSplit} fills the defaults that depend on the task (its kind, and a gap
 * and embargo of one window), and {@link checkSplit} reports what cannot work, each issue with its path.
 */
import { z } from 'zod';
import { BUILTIN_TASKS } from './components.js';
import { taskDeclaration } from './component-registry.js';
import type { RawSpecIssue } from './spec-issues.js';
import { isRecord, quote } from './value-text.js';

const days = z.number({ error: 'expected a number of days' }).int('expected a whole number of days').min(0, 'expected 0 or more days').max(100_000, 'expected at most 100000 days');

/** The built-in tasks whose samples are windows of dated series, where a random split leaks the future. */
export const FORECAST_TASKS: readonly string[] = BUILTIN_TASKS.filter((t) => t.dated).map((t) => t.name);

/** The `split` section as a user writes it; every key is optional. */
export const SplitOptions = z.strictObject({
  /**
   * `chronological`: the test split is the last dates (one cut-off for every series), and the folds respect time.
   * `random`: samples are dealt out at random (stratified by class for mnist).
   * @default 'chronological' for sp500 and series, else 'random'
   */
  kind: z.enum(['chronological', 'random']).optional(),
  /**
   * Cross-validation inside the training period (chronological only): `forward` trains each fold on the dates
   * before its validation block (expanding window); `blocked` trains on every other block, purged and embargoed.
   * @default 'forward'
   */
  cv: z.enum(['forward', 'blocked']).optional(),
  /** Dates left out between training and what follows it (the test, a validation block). At least `task.window`. @default task.window */
  gap: days.optional(),
  /** Dates left out after a validation block before training resumes (read by `blocked` only: forward folds never train after it). At least `task.window`. @default `gap` */
  embargo: days.optional(),
});
export type SplitOptionsInput = z.input<typeof SplitOptions>;

/** The split, every default filled in. */
export type SplitChoice =
  | { readonly kind: 'random' }
  | { readonly kind: 'chronological'; readonly cv: 'forward' | 'blocked'; readonly gap: number; readonly embargo: number };

/** True when the task (a spec value, or a task name) is declared dated. */
const isForecast = (task: unknown): boolean => taskDeclaration(task)?.dated === true;

/** The window of a dated task's options (its `window`, else the schema's default, else 0), or undefined. */
function windowOf(task: unknown): number | undefined {
  if (!isRecord(task) || !isForecast(task)) return undefined;
  if (typeof task.window === 'number') return task.window;
  const parsed = taskDeclaration(task)?.options.shape.window?.safeParse(undefined);
  return parsed?.success && typeof parsed.data === 'number' ? parsed.data : 0;
}

/** The split with its defaults: the task's kind, `forward` folds, a gap of one window and an embargo of the gap. */
export function fillSplit(split: z.output<typeof SplitOptions>, task: { name: string; window?: unknown }): SplitChoice {
  const kind = split.kind ?? (isForecast(task) ? 'chronological' : 'random');
  if (kind === 'random') return { kind };
  const gap = split.gap ?? (typeof task.window === 'number' ? task.window : 0);
  return { kind, cv: split.cv ?? 'forward', gap, embargo: split.embargo ?? gap };
}

/** Reports a split that cannot work for the spec's task: by date without dates, or a gap shorter than a window. */
export function checkSplit(split: unknown, task: unknown, report: (issue: RawSpecIssue) => void): void {
  if (!isRecord(split)) return;
  const name = taskDeclaration(task)?.name ?? (isRecord(task) ? task.name : undefined);
  const kind = split.kind ?? (isForecast(task) ? 'chronological' : 'random');
  if (kind === 'random') {
    for (const key of ['cv', 'gap', 'embargo'] as const) {
      if (split[key] !== undefined) report({ path: ['split', key], message: `${key} applies only to split.kind chronological; a random split has no dates` });
    }
    return;
  }
  if (kind !== 'chronological') return;
  const window = windowOf(task);
  if (window === undefined) {
    if (typeof name === 'string') report({ path: ['split', 'kind'], message: `task ${quote(name)} has no dates to split by; use split.kind random (a chronological split needs task ${FORECAST_TASKS.join(' or ')})` });
    return;
  }
  // An embargo left out follows the gap, so only the keys written are checked: each bad key gets one message.
  for (const [key, value] of [['gap', split.gap], ['embargo', split.embargo]] as const) {
    if (typeof value === 'number' && value < window) {
      report({ path: ['split', key], message: `expected at least the task's window (${window} days), so that no window on one side shares a day with one on the other` });
    }
  }
}

/** The warning `plan` and the report give for a random split of a forecasting task, or undefined. */
export function randomSplitWarning(split: SplitChoice, task: string | { name: string }): string | undefined {
  if (split.kind !== 'random' || !isForecast(task)) return undefined;
  const taskName = taskDeclaration(task)?.name ?? (typeof task === 'string' ? task : task.name);
  return `split.kind is random for forecasting task ${taskName}: test and validation windows share days with training windows, and the same dates of other series are in training, so every score leaks the future; use split.kind chronological`;
}
