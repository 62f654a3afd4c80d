import { describe, expect, it } from 'vitest';
import { SpecError } from '../errors.js';
import { MAX_SPEC_BYTES, readSpecText } from './read-spec-text.js';

function problem(text: string, source?: string): string {
  try {
    readSpecText(text, source);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).issues.map((i) => i.message).join('\n');
  }
  throw new Error('expected the text to be refused');
}

describe('readSpecText', () => {
  it('reads YAML, with numbers written in exponent form', () => {
    expect(readSpecText('name: a\ntrain: { learningRate: 1e-3 }\ngrid:\n  hiddenSize: [8, 16]\n')).toEqual({
      name: 'a', train: { learningRate: 0.001 }, grid: { hiddenSize: [8, 16] },
    });
  });

  it('reads JSON, and YAML reads JSON too', () => {
    const text = '{"name": "a", "grid": {"hiddenSize": [8, 16]}}';
    expect(readSpecText(text, 'spec.json')).toEqual({ name: 'a', grid: { hiddenSize: [8, 16] } });
    expect(readSpecText(text, 'spec.yaml')).toEqual({ name: 'a', grid: { hiddenSize: [8, 16] } });
  });

  it('names the line and column of a YAML syntax error', () => {
    expect(problem('name: a\ntask: { name: toy\nmodel: x\n', 'spec.yaml')).toMatch(/^YAML error at line \d+, column \d+: /);
    expect(problem('name: a\nname: b\n')).toMatch(/^YAML error at line 2, column 1: Map keys must be unique/);
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(problem('{\n  "name": "a",\n}', 'spec.json')).toMatch(/^JSON error at line 3, column 1: /);
  });

  it('refuses more than one YAML document', () => {
    expect(problem('name: a\n---\nname: b\n')).toBe('expected one YAML document, found 2 (at line 2, column 1)');
  });

  it('refuses an alias bomb ("billion laughs")', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(problem(rows.join('\n'))).toBe('the spec expands YAML aliases (*name) more than 100 times; refusing a possible alias bomb');
  });

  it('accepts a few aliases', () => {
    expect(readSpecText('base: &b { hiddenSize: 8 }\nmodel: *b\n')).toEqual({ base: { hiddenSize: 8 }, model: { hiddenSize: 8 } });
  });

  it('refuses nesting deeper than 32 levels, in flow and block style, without exhausting the stack', () => {
    expect(() => readSpecText(`${'['.repeat(32)}${']'.repeat(32)}`)).not.toThrow();
    expect(problem(`${'['.repeat(33)}${']'.repeat(33)}`)).toMatch(/more than 32 levels deep \(at line 1, column 33\)/);
    expect(problem(`${'- '.repeat(40)}x`)).toMatch(/more than 32 levels deep/);
    expect(problem(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toMatch(/more than 32 levels deep/);
    expect(problem(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.json')).toMatch(/more than 32 levels deep/);
  });

  it('refuses aliases that nest a value deeper than 32 levels', () => {
    // Each document node is within the limit; only the expanded value is too deep.
    const nest = (n: number, inner: string): string => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    const text = `a: &a ${nest(25, 'x')}\nb: &b ${nest(5, '*a')}\nc: ${nest(5, '*b')}\n`;
    expect(() => readSpecText(`a: &a ${nest(25, 'x')}\nb: ${nest(5, '*a')}\n`)).not.toThrow();
    expect(problem(text)).toBe('the spec nests mappings and lists more than 32 levels deep');
  });

  it('refuses text over 1 MiB', () => {
    expect(problem(`name: "${'x'.repeat(MAX_SPEC_BYTES)}"`)).toMatch(/bytes, over the 1048576-byte \(1 MiB\) limit/);
  });

  it('reports YAML warnings such as unknown tags', () => {
    expect(problem('name: !js/function x\n')).toMatch(/^YAML warning at line 1, column 7: /);
  });
});
