/**
 * The checks of `space:` and `search:`: every distribution is checked like the option it sets (its bounds and
 * choices through the option's own schema), the strategy's options against its registry entry, and what the
 * strategy cannot take (a continuous range under grid, a missing `trials`). One message per problem, with its path.
 */
import { STRATEGIES } from '../plan/search/registry.js';
import type { StrategyTraits } from '../plan/search/strategy-traits.js';
import { DISTRIBUTION_KINDS } from './search-spec.js';
import { checkSweptValues, isUnknownModule, sweptKeyMessage, type Report } from './spec-checks.js';
import { plainErrorMap, rewordIssues } from './spec-issues.js';
import { didYouMean } from './suggest.js';
import { checkSurfaceRange, checkSurfaceValues } from './surface-checks.js';
import { isSurfaceKey, optionSchema, sweepableKeys } from './swept-options.js';
import { describeValue, isRecord } from './value-text.js';

type Kind = (typeof DISTRIBUTION_KINDS)[number];
const isKind = (k: string): k is Kind => (DISTRIBUTION_KINDS as readonly string[]).includes(k);
const FORMS = '{ uniform: [low, high] }, { loguniform: [low, high] } or { int: [low, high] }';

/** The strategies the checks know, by name: the registry's, or a table of traits in tests. */
type Strategies = Readonly<Record<string, StrategyTraits>>;

/** Checks one bound like the option it sets; returns it when it is a finite number. */
function checkBound(key: string, kind: Kind, i: number, value: unknown, model: string | undefined, report: Report): number | undefined {
  const path = ['space', key, kind, i];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    report({ path, message: `expected a number, got ${describeValue(value)}` });
    return undefined;
  }
  const schema = optionSchema(key, model);
  const parsed = schema?.safeParse(value, { error: plainErrorMap });
  if (parsed && !parsed.success) {
    rewordIssues(parsed.error.issues, value, schema!, path).forEach(report);
    return undefined;
  }
  if (kind === 'int' && !Number.isInteger(value)) {
    report({ path, message: `expected a whole number, got ${value}` });
    return undefined;
  }
  return value;
}

/** Whether option `key` takes only whole numbers: its schema refuses a fraction between two bounds it accepts. */
function takesWholeNumbers(key: string, model: string | undefined, low: number, high: number): boolean {
  const probe = low + (high - low) / Math.PI;
  return Number.isInteger(probe) ? false : optionSchema(key, model)?.safeParse(probe).success === false;
}

function checkIntExtras(key: string, entry: Record<string, unknown>, low: number | undefined, report: Report): void {
  const { step, log } = entry;
  if (log !== undefined && typeof log !== 'boolean') report({ path: ['space', key, 'log'], message: `expected true or false, got ${describeValue(log)}` });
  if (step !== undefined && (typeof step !== 'number' || !Number.isInteger(step) || step < 1)) {
    report({ path: ['space', key, 'step'], message: `expected a positive whole number, got ${describeValue(step)}` });
  }
  if (log === true && step !== undefined && step !== 1) report({ path: ['space', key, 'step'], message: 'a log-scaled int takes every whole number; remove step or log' });
  if (log === true && low !== undefined && low < 1) report({ path: ['space', key, 'int', 0], message: `a log scale needs a low bound of at least 1, got ${low}` });
}

function checkRange(key: string, kind: Kind, entry: Record<string, unknown>, model: string | undefined, report: Report): void {
  const bounds = entry[kind];
  if (!Array.isArray(bounds) || bounds.length !== 2) {
    report({ path: ['space', key, kind], message: `expected [low, high], two numbers, got ${describeValue(bounds)}` });
    return;
  }
  const [low, high] = bounds.map((b, i) => checkBound(key, kind, i, b, model, report));
  if (kind === 'int') checkIntExtras(key, entry, low, report);
  if (low === undefined || high === undefined) return;
  if (low >= high) report({ path: ['space', key, kind], message: `expected the low bound below the high one, got [${low}, ${high}]` });
  else if (kind === 'loguniform' && low <= 0) report({ path: ['space', key, kind, 0], message: `a log scale needs a low bound above 0, got ${low}` });
  else if (kind !== 'int' && takesWholeNumbers(key, model, low, high)) {
    report({ path: ['space', key], message: `${key} takes whole numbers; write { int: [${low}, ${high}] }` });
  }
}

function checkDistribution(key: string, entry: Record<string, unknown>, strategy: string | undefined, strategies: Strategies, model: string | undefined, report: Report): void {
  const kinds = Object.keys(entry).filter(isKind);
  const known = kinds.includes('int') ? [...DISTRIBUTION_KINDS, 'log', 'step'] : [...DISTRIBUTION_KINDS];
  for (const k of Object.keys(entry).filter((k) => !known.includes(k))) {
    const message = (k === 'log' || k === 'step') ? `only an int distribution takes ${k}` : `unknown key; ${didYouMean(k, known) || `expected one of ${known.join(', ')}`}`;
    report({ path: ['space', key, k], message });
  }
  if (kinds.length !== 1) {
    report({ path: ['space', key], message: kinds.length === 0 ? `expected a list of values or one of ${FORMS}` : `set one of ${kinds.join(' and ')}, not both` });
    return;
  }
  const kind = kinds[0]!;
  if (strategy !== undefined && kind !== 'int' && !strategies[strategy]?.continuous) {
    const others = Object.keys(strategies).filter((n) => strategies[n]!.continuous);
    const choose = others.length > 0 ? `, or set search.strategy to one that samples ranges (${others.join(', ')})` : '';
    report({ path: ['space', key], message: `strategy ${strategy} cannot sweep the continuous range ${key} (${kind}); give a list of values${choose}` });
  }
  checkRange(key, kind, entry, model, report);
}

function checkSpace(spec: Record<string, unknown>, strategy: string | undefined, strategies: Strategies, model: string | undefined, report: Report): void {
  const { space, grid } = spec;
  if (!isRecord(space)) return;
  const allowed = sweepableKeys(model);
  for (const [key, entry] of Object.entries(space)) {
    // A noop task's benchmark surface reads x1, x2, ... from the point; they belong to no option.
    // A model module not imported here was checked by `plan`: its keys are left to it.
    if (isUnknownModule(spec.model, model) && !allowed.includes(key)) continue;
    if (!allowed.includes(key) && !isSurfaceKey(spec.task, key)) report({ path: ['space', key], message: sweptKeyMessage(key, model, allowed, 'space') });
    else if (isRecord(grid) && Object.hasOwn(grid, key)) report({ path: ['space', key], message: `${key} is swept by grid.${key} too; sweep it in one of grid and space` });
    else if (Array.isArray(entry)) {
      if (entry.length === 0) report({ path: ['space', key], message: 'expected at least one value' });
      if (isSurfaceKey(spec.task, key)) checkSurfaceValues('space', key, entry, spec.task, report);
      else checkSweptValues('space', key, entry, model, report);
    } else if (isRecord(entry)) {
      checkDistribution(key, entry, strategy, strategies, model, report);
      if (isSurfaceKey(spec.task, key)) checkSurfaceRange(key, entry, spec.task, report);
    }
    else report({ path: ['space', key], message: `expected a list of values or one of ${FORMS}, got ${describeValue(entry)}` });
  }
}

function checkStrategyOptions(search: Record<string, unknown>, strategy: string, strategies: Strategies, report: Report): void {
  const { strategy: _s, trials, ...options } = search;
  const schema = strategies[strategy]!.options;
  const optionKeys = Object.keys(schema.shape);
  const known = ['strategy', 'trials', ...optionKeys];
  for (const k of Object.keys(options).filter((k) => !optionKeys.includes(k))) {
    const hint = didYouMean(k, known);
    report({ path: ['search', k], message: hint ? `unknown key; ${hint}` : `strategy ${strategy} takes ${optionKeys.length > 0 ? `the options ${optionKeys.join(', ')}` : 'no options'} beside trials` });
  }
  const own = Object.fromEntries(Object.entries(options).filter(([k]) => optionKeys.includes(k)));
  const parsed = schema.safeParse(own, { error: plainErrorMap });
  if (!parsed.success) rewordIssues(parsed.error.issues, own, schema, ['search']).forEach(report);
  if (strategy === 'grid' && trials !== undefined) report({ path: ['search', 'trials'], message: 'strategy grid runs every point of its grid, so it takes no trials; remove it' });
  if (strategy !== 'grid' && trials === undefined) report({ path: ['search', 'trials'], message: `missing; strategy ${strategy} needs the number of points stage one draws (e.g. trials: 40)` });
}

/**
 * Checks `space` and `search` of a raw or partly valid spec against the registered strategies (`strategies`, for
 * tests: any table of traits).
 */
export function checkSearch(spec: Record<string, unknown>, model: string | undefined, report: Report, strategies: Strategies = STRATEGIES): void {
  const search = spec.search === undefined ? {} : spec.search;
  const name = isRecord(search) ? (search.strategy ?? 'grid') : undefined;
  // An unknown name is reported by the schema; its options and trials are then left alone.
  const strategy = typeof name === 'string' && Object.hasOwn(strategies, name) ? name : undefined;
  if (strategy !== undefined && isRecord(search)) {
    checkStrategyOptions(search, strategy, strategies, report);
  }
  checkSpace(spec, strategy, strategies, model, report);
}
