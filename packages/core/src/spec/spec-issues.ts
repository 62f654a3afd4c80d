/**
 * Turns zod issues into spec issues worded in plain English, each with a formatted path:
 * `train.lerningRate: unknown key; did you mean "learningRate"?`, `task.samples: expected a number, got a string`.
 * {@link plainErrorMap} words the issues whose schemas carry no message of their own; {@link toSpecIssues} rewrites
 * the ones whose wording needs the input (types, unknown keys, unknown names).
 */
import type { z } from 'zod';
import type { SpecIssue } from '../errors.js';
import { discriminatorAt, knownKeysAt } from './schema-keys.js';
import { didYouMean } from './suggest.js';
import { describeValue, formatPath, quote, valueAt, type PathSegment } from './value-text.js';

const TYPE_PHRASES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  null: 'null',
};

const typePhrase = (expected: string): string => TYPE_PHRASES[expected] ?? `a ${expected}`;
// In a list of alternatives, "true or false" would read as two of them.
const listedTypePhrase = (expected: string): string => (expected === 'boolean' ? 'true/false' : typePhrase(expected));
const got = (value: unknown): string => (typeof value === 'string' ? quote(value) : describeValue(value));
const plural = (n: number | bigint, word: string): string => `${n} ${word}${Number(n) === 1 ? '' : 's'}`;

function sizeMessage(origin: string, bound: number | bigint, inclusive: boolean, atLeast: boolean, input: unknown): string {
  if (origin === 'string') {
    if (atLeast && Number(bound) === 1 && inclusive) return 'expected a non-empty string';
    return `expected ${atLeast ? 'at least' : 'at most'} ${plural(bound, 'character')}`;
  }
  if (origin === 'array' || origin === 'set') return `expected ${atLeast ? 'at least' : 'at most'} ${plural(bound, 'value')}`;
  const relation = atLeast ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  // The number itself says what is wrong with it ("got -1"), where its type alone ("a number") would not.
  return `expected a number ${relation} ${bound}, got ${typeof input === 'number' ? String(input) : got(input)}`;
}

function valueMessage(values: readonly unknown[], input: unknown): string {
  if (values.length === 1) return `expected ${quote(values[0])}, got ${got(input)}`;
  const hint = typeof input === 'string' ? didYouMean(input, values.map(String)) : '';
  return `expected one of ${values.map(String).join(', ')}, got ${got(input)}${hint ? ` (${hint})` : ''}`;
}

/**
 * A zod error map that words issues in plain English. Pass it to `safeParse(value, { error: plainErrorMap })`;
 * messages that a schema sets itself still win.
 */
export const plainErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_small':
      return sizeMessage(issue.origin, issue.minimum, issue.inclusive ?? true, true, issue.input);
    case 'too_big':
      return sizeMessage(issue.origin, issue.maximum, issue.inclusive ?? true, false, issue.input);
    case 'invalid_value':
      return valueMessage(issue.values, issue.input);
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `expected text matching ${issue.pattern}` : `expected ${issue.format} text`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
};

function typeMessage(expected: string, value: unknown): string {
  if (value === undefined) return `missing; expected ${typePhrase(expected)}`;
  if ((expected === 'number' || expected === 'int') && typeof value === 'number') {
    if (!Number.isFinite(value)) return `expected a finite number, got ${value}`;
    if (expected === 'int') return `expected a whole number, got ${value}`;
  }
  return `expected ${typePhrase(expected)}, got ${describeValue(value)}`;
}

function unknownKeyMessage(key: string, known: readonly string[] | undefined): string {
  const hint = known ? didYouMean(key, known) : '';
  if (hint) return `unknown key; ${hint}`;
  return known ? `unknown key; expected one of ${known.join(', ')}` : 'unknown key';
}

/**
 * `task.name: unknown task "toyy"; expected one of toy, mnist, sp500, series, noop (did you mean "toy"?)`. A union
 * that takes modules (`name: module`, filled in for `{ module: ... }`) says so after the names.
 */
function discriminatorMessage(path: readonly PathSegment[], tag: unknown, options: readonly unknown[]): string {
  const names = options.map(String).filter((n) => n !== 'module');
  const list = `${names.join(', ')}${names.length < options.length ? ', or { module: ./your-file.mjs }' : ''}`;
  const owner = path.length >= 2 ? String(path[path.length - 2]) : 'value';
  if (tag === undefined) return `missing; expected one of ${list}`;
  if (typeof tag !== 'string') return `expected one of ${list}, got ${describeValue(tag)}`;
  const hint = didYouMean(tag, names);
  return `unknown ${owner} ${quote(tag)}; expected one of ${list}${hint ? ` (${hint})` : ''}`;
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion, value: unknown): string {
  const expected = [...new Set(issue.errors.flatMap((branch) => branch.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => listedTypePhrase((i as z.core.$ZodIssueInvalidType).expected))))];
  if (expected.length === 0) return 'does not match any allowed form';
  if (typeof value === 'number' && !Number.isFinite(value) && expected.includes('a number')) return `expected a finite number, got ${value}`;
  const list = expected.length === 1 ? expected[0] : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
  return `expected ${list}, got ${describeValue(value)}`;
}

/** A spec issue whose path is still a list of segments. */
export interface RawSpecIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * Rewords `issues` from parsing `input` with `schema`. `prefix` is prepended to every path (for values parsed on
 * their own, such as one grid value).
 */
export function rewordIssues(issues: readonly z.core.$ZodIssue[], input: unknown, schema: z.core.$ZodType, prefix: readonly PathSegment[] = []): RawSpecIssue[] {
  const out: RawSpecIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, issue.path, input);
        for (const key of issue.keys) out.push({ path: [...path, key], message: unknownKeyMessage(key, known) });
        break;
      }
      case 'invalid_union': {
        const discriminated = 'discriminator' in issue && 'options' in issue && Array.isArray(issue.options);
        const message = discriminated ? discriminatorMessage(path, value, issue.options as unknown[]) : unionMessage(issue, value);
        out.push({ path, message });
        break;
      }
      case 'invalid_type': {
        // `task: toy` for `task: { name: toy }`: show the form the union wants.
        const tag = issue.expected === 'object' && typeof value === 'string' ? discriminatorAt(schema, issue.path, input) : undefined;
        const message = tag ? `expected a mapping such as { ${tag}: ${value} }, got a string` : typeMessage(issue.expected, value);
        out.push({ path, message });
        break;
      }
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** {@link rewordIssues} with formatted paths. */
export function toSpecIssues(issues: readonly z.core.$ZodIssue[], input: unknown, schema: z.core.$ZodType, prefix: readonly PathSegment[] = []): SpecIssue[] {
  return rewordIssues(issues, input, schema, prefix).map((raw) => ({ path: formatPath(raw.path), message: raw.message }));
}

/** `issues` without repeats (same path and message), in their first order. */
export function uniqueIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
