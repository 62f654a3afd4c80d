/**
 * Parses a value (from YAML, JSON, or code) into a complete {@link SweepSpec}, or throws a {@link SpecError}
 * that lists every problem at once, each with its path.
 */
import { SpecError, type SpecIssue } from '../errors.js';
import { checkSpec } from './spec-checks.js';
import { plainErrorMap, toSpecIssues, uniqueIssues } from './spec-issues.js';
import { SWEEP_SPEC_KEYS, SweepSpec } from './sweep-spec.js';
import { describeValue, formatPath, isRecord } from './value-text.js';

/** Lists problems in the order of the spec's top-level keys (unknown keys last), keeping the order within each. */
function byTopLevelKey(issues: readonly SpecIssue[]): SpecIssue[] {
  const rank = (issue: SpecIssue): number => {
    const head = /^[^.[]*/.exec(issue.path)?.[0] ?? '';
    const i = SWEEP_SPEC_KEYS.indexOf(head);
    return i === -1 ? SWEEP_SPEC_KEYS.length : i;
  };
  return issues.map((issue, i) => ({ issue, i, r: rank(issue) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.issue);
}

/**
 * Validates `input` and fills every default. `source` (a file path, or a description such as `sweep abc`) names
 * where the spec came from in the error.
 * @throws {SpecError} listing every problem found.
 */
export function parseSpec(input: unknown, source?: string): SweepSpec {
  if (!isRecord(input)) {
    const message = input === undefined || input === null
      ? 'the spec is empty; expected a mapping with at least name, task and model'
      : `expected a mapping with at least name, task and model, got ${describeValue(input)}`;
    throw new SpecError([{ path: '', message }], source);
  }
  const parsed = SweepSpec.safeParse(input, { error: plainErrorMap });
  if (parsed.success) return parsed.data;
  const issues = toSpecIssues(parsed.error.issues, input, SweepSpec);
  // The schema skips its cross-field checks once a field fails; run them here so they are reported too.
  checkSpec(input, (issue) => issues.push({ path: formatPath(issue.path), message: issue.message }));
  throw new SpecError(byTopLevelKey(uniqueIssues(issues)), source);
}
