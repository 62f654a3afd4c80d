/**
 * The checks of a sweep spec that span more than one field: grid keys and values against the chosen model and the
 * train options, the objective against the model, the model against the task, and the survivor count. They read a
 * value that may be only partly valid, so that their issues are reported together with the schema's own.
 */
import type { ModelName, TaskName } from './components.js';
import { plainErrorMap, rewordIssues, type RawSpecIssue } from './spec-issues.js';
import { didYouMean } from './suggest.js';
import { isModelName, isSurfaceKey, modelsWithOption, optionSchema, sweepableKeys } from './swept-options.js';
import { checkSurfaceCovered, checkSurfaceValues } from './surface-checks.js';
import { checkSplit } from './split-spec.js';
import { checkSearch } from './space-checks.js';
import { isRecord, quote } from './value-text.js';

/** Receives one problem of a spec. */
export type Report = (issue: RawSpecIssue) => void;

/** Model heads and the tasks whose data can feed them (`noop` trains nothing, so it fits every model). */
const TASKS_FOR_MODEL: Record<ModelName, readonly TaskName[]> = {
  'lstm-ae': ['toy', 'mnist', 'sp500', 'series', 'noop'],
  'lstm-ae-classifier': ['mnist', 'noop'],
  'lstm-ae-predictor': ['sp500', 'series', 'noop'],
};

/** Objective metrics that only some models report. */
const MODELS_FOR_METRIC: Record<string, readonly ModelName[]> = {
  valAccuracy: ['lstm-ae-classifier'],
  valTaskLoss: ['lstm-ae-classifier', 'lstm-ae-predictor'],
};

const isScalar = (v: unknown): boolean => v === null || ['number', 'string', 'boolean'].includes(typeof v);

/** Why `key` cannot be swept (by `section`: `grid` or `space`) for `model`. */
export function sweptKeyMessage(key: string, model: ModelName | undefined, allowed: readonly string[], section = 'grid'): string {
  if (key === 'epochs') return 'epochs cannot be swept: each stage sets its own (stages.filter.epochs, stages.evaluate.epochs, final.epochs)';
  if (key === 'name') return 'the model name cannot be swept; run one sweep per model';
  const owners = modelsWithOption(key);
  if (model && owners.length > 0) return `${key} is an option of model ${owners.join(', ')}, not of ${model}`;
  const hint = didYouMean(key, allowed);
  return hint ? `unknown ${section} key; ${hint}` : `unknown ${section} key; a ${section} sweeps one of ${allowed.join(', ')}`;
}

/** Checks each value of a list (a grid axis, or a choice under `space`) like the option `key` it sets. */
export function checkSweptValues(section: string, key: string, values: readonly unknown[], model: ModelName | undefined, report: Report): void {
  const schema = optionSchema(key, model);
  const seen = new Map<string, number>();
  values.forEach((value, i) => {
    // The grid's own schema reports values that are not scalars.
    if (!isScalar(value)) return;
    if (schema) {
      const parsed = schema.safeParse(value, { error: plainErrorMap });
      if (!parsed.success) rewordIssues(parsed.error.issues, value, schema, [section, key, i]).forEach(report);
    }
    const identity = `${typeof value}:${String(value)}`;
    const first = seen.get(identity);
    if (first === undefined) seen.set(identity, i);
    else report({ path: [section, key, i], message: `duplicate of ${section}.${key}[${first}]` });
  });
}

function checkGrid(grid: unknown, model: ModelName | undefined, task: unknown, report: Report): void {
  if (!isRecord(grid)) return;
  const allowed = sweepableKeys(model);
  for (const [key, values] of Object.entries(grid)) {
    if (isSurfaceKey(task, key)) {
      if (Array.isArray(values)) checkSurfaceValues('grid', key, values, task, report);
    } else if (!allowed.includes(key)) report({ path: ['grid', key], message: sweptKeyMessage(key, model, allowed) });
    else if (Array.isArray(values)) checkSweptValues('grid', key, values, model, report);
  }
}

function checkObjective(objective: unknown, model: ModelName | undefined, report: Report): void {
  const metric = isRecord(objective) ? objective.metric : undefined;
  const models = typeof metric === 'string' ? MODELS_FOR_METRIC[metric] : undefined;
  if (!model || !models || models.includes(model)) return;
  report({ path: ['objective', 'metric'], message: `${metric} needs model ${models.join(' or ')}; the spec's model is ${model}` });
}

function checkTaskFitsModel(task: unknown, model: ModelName | undefined, report: Report): void {
  const name = isRecord(task) ? task.name : undefined;
  if (!model || typeof name !== 'string') return;
  const tasks = TASKS_FOR_MODEL[model];
  if ((tasks as readonly string[]).includes(name) || !['toy', 'mnist', 'sp500', 'series'].includes(name)) return;
  report({ path: ['model', 'name'], message: `model ${model} cannot train on task ${quote(name)}; it needs task ${tasks.filter((t) => t !== 'noop').join(' or ')}` });
}

function checkKeep(stages: unknown, report: Report): void {
  const filter = isRecord(stages) ? stages.filter : undefined;
  if (isRecord(filter) && filter.keep !== undefined && filter.keepFraction !== undefined) {
    report({ path: ['stages', 'filter'], message: 'set keep or keepFraction, not both' });
  }
}

/** Runs every cross-field check on `spec` (parsed, partly parsed or raw) and reports each problem found. */
export function checkSpec(spec: unknown, report: Report): void {
  if (!isRecord(spec)) return;
  const modelName = isRecord(spec.model) ? spec.model.name : undefined;
  const model = isModelName(modelName) ? modelName : undefined;
  checkGrid(spec.grid, model, spec.task, report);
  checkSearch(spec, model, report);
  checkSurfaceCovered(spec, report);
  checkObjective(spec.objective, model, report);
  checkTaskFitsModel(spec.task, model, report);
  checkKeep(spec.stages, report);
  checkSplit(spec.split, spec.task, report);
}
