/**
 * Command-line overrides applied to a raw spec before it is parsed, so every problem they cause is still reported
 * with its path in the spec: the study flags (`--learning-rate 0.1 0.01`) and `--data`.
 */
import { SpecError, type SpecIssue } from '../errors.js';
import { didYouMean } from './suggest.js';
import { builtinTaskDeclarations, componentKey, modelDeclaration, taskDeclaration } from './component-registry.js';
import { isModelName, modelsWithOption, optionOwner, overridableKeys } from './swept-options.js';
import { isRecord, quote } from './value-text.js';
import { parseRange, rangeEntry } from './range-override.js';

function unknownOverride(key: string, model: string | undefined): SpecIssue {
  const owners = modelsWithOption(key);
  if (model && owners.length > 0) return { path: `overrides.${key}`, message: `${key} is an option of model ${owners.join(', ')}, not of ${modelDeclaration(model)?.name ?? model}` };
  const hint = didYouMean(key, overridableKeys());
  return { path: `overrides.${key}`, message: `unknown option; ${hint || 'expected a train option or an option of the model'}` };
}

/** `obj` with `patch` merged in, when `obj` is a mapping or missing; anything else is left for the parser to report. */
function merged(obj: unknown, patch: Record<string, unknown>): unknown {
  if (obj === undefined) return { ...patch };
  return isRecord(obj) ? { ...obj, ...patch } : obj;
}

function without(obj: unknown, key: string): unknown {
  if (!isRecord(obj) || !(key in obj)) return obj;
  const { [key]: _dropped, ...rest } = obj;
  return rest;
}

/** Drops the stages' explicit epochs, so that they follow a new `train.epochs` (a third of it for stage one). */
function withDerivedEpochs(spec: Record<string, unknown>): void {
  if (isRecord(spec.stages)) {
    const stages = { ...spec.stages };
    for (const stage of ['filter', 'evaluate']) if (stage in stages) stages[stage] = without(stages[stage], 'epochs');
    spec.stages = stages;
  }
  if ('final' in spec) spec.final = without(spec.final, 'epochs');
}

/**
 * Applies the study's overrides, keyed by option name (`learningRate`, `hiddenSize`, `epochs`, ...), to a raw
 * spec and returns a new raw spec (the input is not changed).
 * - A list of two or more values becomes the grid axis `grid.<key>` (in place of an axis of that name, else last).
 * - A range (`1e-4..0.3`, `log:1e-4..0.3`) becomes the distribution `space.<key>` (see `range-override.ts`).
 * - One value (or a list of one) sets the option in `train` or `model`, whichever owns it.
 * - Each form removes what the spec swept `key` with before (`grid.<key>`, `space.<key>`). Setting `epochs` also
 *   drops explicit `stages.*.epochs` and `final.epochs`, so that every stage follows the new budget rather than
 *   ignoring the flag.
 * @throws {SpecError} for a key that is neither a train option nor an option of the spec's model.
 */
export function applyOverrides(raw: unknown, overrides: Readonly<Record<string, unknown>>): unknown {
  if (!isRecord(raw)) return raw;
  const modelKey = componentKey(raw.model);
  const model = isModelName(modelKey) ? modelKey : undefined;
  const entries = Object.entries(overrides).filter(([, v]) => v !== undefined);
  const unknown = entries.filter(([key]) => optionOwner(key, model) === undefined).map(([key]) => unknownOverride(key, model));
  if (unknown.length > 0) throw new SpecError(unknown);
  const out: Record<string, unknown> = { ...raw };
  for (const [key, value] of entries) {
    const values = Array.isArray(value) ? value : [value];
    const range = values.length === 1 ? parseRange(values[0]) : undefined;
    if (range) {
      out.space = merged(out.space, { [key]: rangeEntry(key, model, range) });
      out.grid = without(out.grid, key);
      continue;
    }
    out.space = without(out.space, key);
    if (values.length !== 1) {
      // An empty list goes to the grid too, where the parser reports it.
      out.grid = merged(out.grid, { [key]: [...values] });
      continue;
    }
    const owner = optionOwner(key, model)!;
    out[owner] = merged(out[owner], { [key]: values[0] });
    out.grid = without(out.grid, key);
    if (key === 'epochs') withDerivedEpochs(out);
  }
  return out;
}

/** The search flags: `--search STRATEGY` and `--trials N`. */
export interface SearchOverride {
  readonly strategy?: string;
  readonly trials?: number;
}

/**
 * Sets `search.strategy` and `search.trials` from the command line. Choosing `grid` drops the spec's `trials` and
 * choosing another strategy drops the options of the spec's own (they belong to that one); the parser reports
 * anything else that does not fit.
 */
export function applySearch(raw: unknown, search: SearchOverride): unknown {
  if (!isRecord(raw) || (search.strategy === undefined && search.trials === undefined)) return raw;
  const current = isRecord(raw.search) ? raw.search : {};
  const changed = search.strategy !== undefined && search.strategy !== (current.strategy ?? 'grid');
  const base = changed ? { strategy: search.strategy, ...(current.trials === undefined ? {} : { trials: current.trials }) } : { ...current };
  const next: Record<string, unknown> = { ...base, ...(search.strategy === undefined ? {} : { strategy: search.strategy }) };
  if (search.trials !== undefined) next.trials = search.trials;
  else if (search.strategy === 'grid') delete next.trials;
  return { ...raw, search: next };
}

/**
 * Points the task at a data file or folder given on the command line (`--data`): the first option the task
 * declares as naming files (`path` for sp500 and series, `dir` for mnist). Returns a new raw spec.
 * @throws {SpecError} when the spec's task reads no data files.
 */
export function applyDataPath(raw: unknown, data: string): unknown {
  if (!isRecord(raw) || !isRecord(raw.task)) return raw;
  const declaration = taskDeclaration(raw.task);
  const key = declaration?.fileOptions[0]?.key;
  if (!key) {
    const readers = builtinTaskDeclarations().filter((t) => t.fileOptions.length > 0)
      .map((t) => `${t.name} (a ${t.fileOptions[0]!.is})`).join(', ');
    throw new SpecError([{ path: 'task.name', message: `--data sets the data of task ${readers}; task ${quote(declaration?.name ?? raw.task.name)} reads no data files` }]);
  }
  return { ...raw, task: { ...raw.task, [key]: data } };
}
