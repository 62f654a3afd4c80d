/**
 * One table over every registered strategy, as Optuna's test_samplers.py runs one over every sampler: adding a
 * strategy to the registry adds a row here. A strategy that takes continuous distributions is tried on a mixed
 * space; one that does not (grid) on a discrete one.
 */
import { describe, expect, it } from 'vitest';
import type { Params } from '../../messages.js';
import { canonicalJson } from '../ids.js';
import { STRATEGIES } from './registry.js';
import { spaceSize, type Distribution, type SearchSpace } from './space.js';
import type { Observation, SearchStrategy } from './strategy.js';
import type { StrategyEntry } from './registry.js';

const MIXED: SearchSpace = {
  lr: { kind: 'loguniform', low: 1e-4, high: 0.3 },
  clip: { kind: 'uniform', low: 0.5, high: 5 },
  hidden: { kind: 'int', low: 4, high: 64, step: 4, log: false },
  width: { kind: 'int', low: 1, high: 100, step: 1, log: true },
  opt: { kind: 'choice', values: ['adam', 'sgd', 'rmsprop'] },
};
const DISCRETE: SearchSpace = {
  hidden: { kind: 'int', low: 4, high: 16, step: 4, log: false },
  width: { kind: 'int', low: 1, high: 3, step: 1, log: true },
  opt: { kind: 'choice', values: ['adam', 'sgd'] },
};
/** 4 x 3 x 2 = 24 points. */
const SMALL_SIZE = spaceSize(DISCRETE);

/** A test objective over any of the spaces above: smooth, lowest near the middle of each range. */
function score(p: Params): number {
  let s = 0;
  if (typeof p.lr === 'number') s += (Math.log10(p.lr) + 2) ** 2;
  if (typeof p.clip === 'number') s += (p.clip - 2) ** 2;
  s += ((Number(p.hidden) - 10) / 10) ** 2 + (p.opt === 'adam' ? 0 : 0.5);
  return s;
}

/**
 * A stage one as the coordinator runs it: ask for 1 or 2 points (alternately), then end the oldest running point
 * (every fifth one as bad), until `points` are drawn or the strategy has none left. Returns every ask's answer.
 */
function run(strategy: SearchStrategy, points: number, history: Observation[] = [], firstStep = 0, lastStep = Infinity): { asks: Params[][]; history: Observation[]; steps: number } {
  const asks: Params[][] = [];
  let step = firstStep;
  for (; history.length < points && step < lastStep; step++) {
    const drawn = strategy.ask(history, Math.min(points - history.length, 1 + (step % 2)));
    asks.push(drawn);
    if (drawn.length === 0) break;
    history.push(...drawn.map((params) => ({ params, state: 'running' as const })));
    const oldest = history.findIndex((o) => o.state === 'running');
    const { params } = history[oldest]!;
    history[oldest] = oldest % 5 === 4 ? { params, state: 'bad' } : { params, state: 'complete', score: score(params) };
  }
  return { asks, history, steps: step };
}

function inDistribution(d: Distribution, v: unknown): boolean {
  switch (d.kind) {
    case 'uniform':
    case 'loguniform':
      return typeof v === 'number' && v >= d.low && v <= d.high;
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= d.low && v <= d.high && (v - d.low) % (d.log ? 1 : d.step) === 0;
    case 'choice':
      return d.values.includes(v as never);
  }
}

const rows = Object.entries(STRATEGIES).map(([name, entry]) => [name, entry] as const);
const make = (entry: StrategyEntry, space: SearchSpace, seed: number, trials: number | undefined): SearchStrategy =>
  entry.factory({ space, seed, trials, options: entry.options.parse({}) as Record<string, unknown> });
const spaceFor = (entry: StrategyEntry): SearchSpace => (entry.continuous ? MIXED : DISCRETE);
const TRIALS = 20;

describe.each(rows)('strategy %s', (name, entry) => {
  const space = spaceFor(entry);
  const trials = entry.continuous ? TRIALS : undefined;

  it('is registered under its own name', () => {
    expect(make(entry, space, 1, trials).name).toBe(name);
  });

  it('keeps every value inside its distribution: bounds, whole numbers, steps and choices', () => {
    const { history } = run(make(entry, space, 7, trials), TRIALS);
    expect(history.length).toBeGreaterThan(0);
    for (const { params } of history) {
      expect(Object.keys(params).sort()).toEqual(Object.keys(space).sort());
      for (const [key, d] of Object.entries(space)) expect(inDistribution(d, params[key]), `${key} = ${String(params[key])}`).toBe(true);
    }
  });

  it('samples a log scale in log space', () => {
    const first = make(entry, space, 11, 16).ask([], 16);
    // Before any result, 16 draws of lr in [1e-4, 0.3]: on a linear scale almost none would fall below 0.0055; a
    // strategy without ranges must still reach every value of a log-scaled int.
    if (!entry.continuous) {
      expect(new Set(first.map((p) => p.width))).toEqual(new Set([1, 2, 3]));
      return;
    }
    const low = first.filter((p) => (p.lr as number) < Math.sqrt(1e-4 * 0.3)).length;
    expect(low).toBeGreaterThanOrEqual(3);
    expect(low).toBeLessThanOrEqual(13);
  });

  it('draws the same points for the same seed and history', () => {
    expect(run(make(entry, space, 3, trials), TRIALS).asks).toEqual(run(make(entry, space, 3, trials), TRIALS).asks);
  });

  it('never draws a point twice', () => {
    const { history } = run(make(entry, space, 5, trials), TRIALS);
    expect(new Set(history.map((o) => canonicalJson(o.params))).size).toBe(history.length);
  });

  it('continues a resumed stage with the points an uninterrupted run draws', () => {
    const whole = run(make(entry, space, 9, trials), TRIALS).history.map((o) => o.params);
    // The first run stops after 6 asks; a new strategy (a new process) is given the history rebuilt from its results.
    // It goes on with the same sequence of asks and results, as the coordinator's would after the same arrivals.
    const head = run(make(entry, space, 9, trials), TRIALS, [], 0, 6);
    expect(head.history.length).toBeGreaterThan(0);
    expect(head.history.length).toBeLessThan(TRIALS);
    const resumed = run(make(entry, space, 9, trials), TRIALS, head.history.map((o) => ({ ...o })), head.steps).history.map((o) => o.params);
    expect(resumed).toEqual(whole);
  });

  it('ends early, drawing each point once, when a discrete space is smaller than trials', () => {
    const strategy = make(entry, DISCRETE, 13, entry.continuous ? 40 : undefined);
    const { asks, history } = run(strategy, 40);
    expect(history).toHaveLength(SMALL_SIZE);
    expect(new Set(history.map((o) => canonicalJson(o.params))).size).toBe(SMALL_SIZE);
    expect(asks[asks.length - 1]).toEqual([]);
  });
});
