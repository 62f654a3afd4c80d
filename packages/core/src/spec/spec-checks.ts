/**
 * The checks of a sweep spec that span more than one field: grid keys and values against the chosen model and the
 * train options, the objective against the model, the model against the task, and the survivor count. They read a
 * value that may be only partly valid, so that their issues are reported together with the schema's own.
 */
import { HEADS_FOR_METRIC } from './component-declaration.js';
import { builtinTaskDeclarations, componentKey, isModuleComponent, listModelDeclarations, modelDeclaration, ownOptions, taskDeclaration } from './component-registry.js';
import { plainErrorMap, rewordIssues, type RawSpecIssue } from './spec-issues.js';
import { didYouMean } from './suggest.js';
import { isModelName, isSurfaceKey, modelsWithOption, optionSchema, sweepableKeys, SWEEPABLE_TRAIN_OPTIONS } from './swept-options.js';
import { checkSurfaceCovered, checkSurfaceValues } from './surface-checks.js';
import { checkSplit } from './split-spec.js';
import { checkSearch } from './space-checks.js';
import { checkRungPruners } from './halving-spec.js';
import { isRecord, quote } from './value-text.js';

/** Receives one problem of a spec. */
export type Report = (issue: RawSpecIssue) => void;

const isScalar = (v: unknown): boolean => v === null || ['number', 'string', 'boolean'].includes(typeof v);

/** Why `key` cannot be swept (by `section`: `grid` or `space`) for `model` (a registry key). */
export function sweptKeyMessage(key: string, model: string | undefined, allowed: readonly string[], section = 'grid'): string {
  if (key === 'epochs') return 'epochs cannot be swept: each stage sets its own (stages.filter.epochs, stages.evaluate.epochs, final.epochs)';
  if (key === 'name') return 'the model name cannot be swept; run one sweep per model';
  const owners = modelsWithOption(key);
  if (model && owners.length > 0) return `${key} is an option of model ${owners.join(', ')}, not of ${modelDeclaration(model)?.name ?? model}`;
  const hint = didYouMean(key, allowed);
  return hint ? `unknown ${section} key; ${hint}` : `unknown ${section} key; a ${section} sweeps one of ${allowed.join(', ')}`;
}

/** Checks each value of a list (a grid axis, or a choice under `space`) like the option `key` it sets. */
export function checkSweptValues(section: string, key: string, values: readonly unknown[], model: string | undefined, report: Report): void {
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

/**
 * A model module this process has not imported (a worker or a resumed coordinator reading a stored spec): its keys
 * were checked by `plan` and `run`, so only the train options are checked again.
 */
export const isUnknownModule = (value: unknown, model: string | undefined): boolean => isModuleComponent(value) && model === undefined;

function checkGrid(grid: unknown, model: string | undefined, task: unknown, unknownModule: boolean, report: Report): void {
  if (!isRecord(grid)) return;
  const allowed = sweepableKeys(model);
  for (const [key, values] of Object.entries(grid)) {
    if (unknownModule && !SWEEPABLE_TRAIN_OPTIONS.includes(key)) continue;
    if (isSurfaceKey(task, key)) {
      if (Array.isArray(values)) checkSurfaceValues('grid', key, values, task, report);
    } else if (!allowed.includes(key)) report({ path: ['grid', key], message: sweptKeyMessage(key, model, allowed) });
    else if (Array.isArray(values)) checkSweptValues('grid', key, values, model, report);
  }
}

function checkObjective(objective: unknown, model: string | undefined, report: Report): void {
  const metric = isRecord(objective) ? objective.metric : undefined;
  const heads = typeof metric === 'string' ? HEADS_FOR_METRIC[metric] : undefined;
  const declaration = modelDeclaration(model);
  if (!declaration || !heads || heads.includes(declaration.head)) return;
  const models = listModelDeclarations().filter((m) => heads.includes(m.head)).map((m) => m.name);
  report({ path: ['objective', 'metric'], message: `${metric} needs model ${models.join(' or ')}; the spec's model is ${declaration.name}` });
}

function checkTaskFitsModel(task: unknown, model: string | undefined, report: Report): void {
  const taskDecl = taskDeclaration(task);
  const modelDecl = modelDeclaration(model);
  if (!taskDecl || !modelDecl || taskDecl.trainsNothing || modelDecl.kinds.includes(taskDecl.kind)) return;
  const tasks = builtinTaskDeclarations().filter((t) => !t.trainsNothing && modelDecl.kinds.includes(t.kind)).map((t) => t.name);
  report({ path: ['model', 'name'], message: `model ${modelDecl.name} cannot train on task ${quote(taskDecl.name)}; it needs task ${tasks.length > 0 ? tasks.join(' or ') : `of kind ${modelDecl.kinds.join(' or ')}`}` });
}

/** A module's options, checked with the module's own schema: every problem, with its path and the nearest key. */
function checkModuleOptions(field: 'task' | 'model', value: unknown, report: Report): void {
  if (!isModuleComponent(value)) return;
  const declaration = field === 'task' ? taskDeclaration(value) : modelDeclaration(value);
  if (!declaration) return;
  const options = ownOptions(value);
  const parsed = declaration.options.safeParse(options, { error: plainErrorMap });
  if (!parsed.success) rewordIssues(parsed.error.issues, options, declaration.options, [field]).forEach(report);
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
  const key = componentKey(spec.model);
  const model = isModelName(key) ? key : undefined;
  checkModuleOptions('task', spec.task, report);
  checkModuleOptions('model', spec.model, report);
  checkGrid(spec.grid, model, spec.task, isUnknownModule(spec.model, model), report);
  checkSearch(spec, model, report);
  checkSurfaceCovered(spec, report);
  checkObjective(spec.objective, model, report);
  checkTaskFitsModel(spec.task, model, report);
  checkKeep(spec.stages, report);
  checkRungPruners(spec, report);
  checkSplit(spec.split, spec.task, report);
}
