import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse-spec.js';
import { specIssues } from '../../test-support/spec-issues.js';
import { randomSplitWarning } from './split-spec.js';

const base = { name: 's', model: { name: 'lstm-ae' } };

describe('the split section', () => {
  it('defaults to chronological, forward folds and a gap and embargo of one window for forecasting tasks', () => {
    expect(parseSpec({ ...base, task: { name: 'sp500', window: 20 } }).split).toEqual({ kind: 'chronological', cv: 'forward', gap: 20, embargo: 20 });
    expect(parseSpec({ ...base, task: { name: 'series', path: 'x.csv', target: 'v' } }).split).toEqual({ kind: 'chronological', cv: 'forward', gap: 30, embargo: 30 });
    expect(parseSpec({ ...base, task: { name: 'sp500' }, split: { cv: 'blocked', gap: 40 } }).split).toEqual({ kind: 'chronological', cv: 'blocked', gap: 40, embargo: 40 });
  });

  it('defaults to random for i.i.d. tasks, and a parsed spec parses again to itself', () => {
    expect(parseSpec({ ...base, task: { name: 'toy' } }).split).toEqual({ kind: 'random' });
    expect(parseSpec({ ...base, task: { name: 'mnist' } }).split).toEqual({ kind: 'random' });
    for (const task of [{ name: 'toy' }, { name: 'sp500', window: 9 }]) {
      const once = parseSpec({ ...base, task, split: task.name === 'sp500' ? { cv: 'blocked', embargo: 12 } : {} });
      expect(parseSpec(once)).toEqual(once);
    }
  });

  it('allows random for a forecasting task, with a warning that it leaks', () => {
    const spec = parseSpec({ ...base, task: { name: 'sp500' }, split: { kind: 'random' } });
    expect(spec.split).toEqual({ kind: 'random' });
    expect(randomSplitWarning(spec.split, 'sp500')).toMatch(/leaks the future/);
    expect(randomSplitWarning(spec.split, 'toy')).toBeUndefined();
  });

  it('gives every bad key one message with its path', () => {
    expect(specIssues({ ...base, task: { name: 'sp500', window: 30 }, split: { kind: 'later', cv: 'sideways', gap: -1, embargo: 2.5, shuffle: true } })).toEqual([
      ['split.kind', 'expected one of chronological, random, got "later"'],
      ['split.cv', 'expected one of forward, blocked, got "sideways"'],
      ['split.gap', 'expected 0 or more days'],
      ['split.embargo', 'expected a whole number, got 2.5'],
      ['split.shuffle', 'unknown key; expected one of kind, cv, gap, embargo'],
    ]);
    expect(specIssues({ ...base, task: { name: 'sp500', window: 30 }, split: { gap: 10, embargo: 20 } })).toEqual([
      ['split.gap', 'expected at least the task\'s window (30 days), so that no window on one side shares a day with one on the other'],
      ['split.embargo', 'expected at least the task\'s window (30 days), so that no window on one side shares a day with one on the other'],
    ]);
    expect(specIssues({ ...base, task: { name: 'sp500', window: 30 }, split: { gap: 10 } })).toEqual([
      ['split.gap', 'expected at least the task\'s window (30 days), so that no window on one side shares a day with one on the other'],
    ]);
    expect(specIssues({ ...base, task: { name: 'toy' }, split: { kind: 'chronological' } })).toEqual([
      ['split.kind', 'task "toy" has no dates to split by; use split.kind random (a chronological split needs task sp500 or series)'],
    ]);
    expect(specIssues({ ...base, task: { name: 'sp500' }, split: { kind: 'random', gap: 30 } })).toEqual([
      ['split.gap', 'gap applies only to split.kind chronological; a random split has no dates'],
    ]);
  });
});
