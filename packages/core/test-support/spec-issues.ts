/** For the spec tests: what parseSpec refuses in a spec, as [path, message] pairs in its order. */
import { expect } from 'vitest';
import { SpecError } from '../src/errors.js';
import { parseSpec } from '../src/spec/parse-spec.js';

/** The issues of a spec that must be refused; fails the test when it is accepted or throws anything else. */
export function specIssues(input: unknown): Array<[string, string]> {
  try {
    parseSpec(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).issues.map((i) => [i.path, i.message]);
  }
  throw new Error('expected the spec to be refused');
}
