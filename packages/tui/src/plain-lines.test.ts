import { describe, expect, it } from 'vitest';
import { PlainReporter, importanceLine, leaderboardLines } from './plain-lines.js';
import { CREATED, SWEEP, record, result } from '../test-support/fixtures.js';

describe('PlainReporter', () => {
  it('counts each stage as results come, with the results kept in one map, not copied per event', () => {
    const lines: string[] = [];
    const reporter = new PlainReporter(SWEEP, (l) => lines.push(l), () => CREATED + 1000);
    reporter.push({ kind: 'record', record: record() });
    const results = reporter.state.results;
    for (const point of ['a', 'b', 'c', 'd'] as const) reporter.push({ kind: 'result', result: result({ point, fold: 0, value: 0.1 }) });
    // A result that is already in (a replay) prints nothing and counts once.
    reporter.push({ kind: 'result', result: result({ point: 'a', fold: 0, value: 0.1 }) });
    reporter.push({ kind: 'result', result: result({ point: 'a', fold: 1, status: 'raced-out' }) });
    // The same map throughout: folding in place is what keeps an event's cost flat over a sweep of 10,000 trials.
    expect(reporter.state.results).toBe(results);
    expect(results.size).toBe(5);
    const counts = lines.filter((l) => / filter \d+\/\d+ /.test(l)).map((l) => l.match(/ filter (\d+\/\d+) /)![1]);
    // 4 points x 3 filter folds planned (the fixture's spec).
    expect(counts).toEqual(['1/12', '2/12', '3/12', '4/12', '5/12']);
    // The leaderboard of the reporter's state follows the results folded in after it was first drawn.
    expect(leaderboardLines(reporter.state).filter((l) => / filter /.test(l))).toHaveLength(4);
    reporter.push({ kind: 'result', result: result({ point: 'b', fold: 1, value: 0.3 }) });
    expect(leaderboardLines(reporter.state).join('\n')).toMatch(/filter .* 2\/3 /);
  });

  it('shows a worker name and an error from the wire escaped and capped: no forged line, no terminal escape', () => {
    const lines: string[] = [];
    const reporter = new PlainReporter(SWEEP, (l) => lines.push(l), () => CREATED + 1000);
    reporter.push({ kind: 'record', record: record() });
    const hostile = { ...result({ point: 'a', fold: 0, status: 'failed', worker: 'w\nsweep completed' }), error: '\u001b]0;pwned\u0007boom\u001b[31m' + 'x'.repeat(5000) };
    reporter.push({ kind: 'result', result: hostile });
    const text = lines.join('\n');
    expect(text).not.toMatch(/\nsweep completed/);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('w\\nsweep completed');
    expect(text).toContain('\\x1b]0;pwned\\x07boom');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1500);
  });
});

describe('importanceLine', () => {
  it('names each parameter\'s share and std, most important first, and is null without importance', () => {
    const importance = { points: 9, params: { hiddenSize: { share: 0.05, std: 0.01 }, learningRate: { share: 0.72, std: null } } };
    expect(importanceLine(importance)).toBe('importance (share of the variance over 9 stage-one points): learningRate 72%, hiddenSize 5.0% ± 1.0%');
    expect(importanceLine(undefined)).toBeNull();
  });
});
