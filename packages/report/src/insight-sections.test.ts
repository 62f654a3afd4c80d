import { describe, expect, it } from 'vitest';
import { historySection } from './history-section.js';
import { importanceSection } from './importance-section.js';
import { parallelSection } from './parallel-section.js';
import { paramsSection, sliceReading } from './params-section.js';
import { sweepInsight } from './sweep-insight.js';
import { syntheticResults } from '../test-support/synthetic-results.js';

const results = syntheticResults();
const svgs = (html: string): number => (html.match(/<svg[\s>]/g) ?? []).length;

describe('the insight sections of the report', () => {
  it('reads stage one in finishing order when the file records no draw order, and the raced-out point as such', () => {
    const insight = sweepInsight(results);
    expect(insight.stages.filter).toHaveLength(18);
    expect(insight.stages.evaluate).toHaveLength(3);
    expect(insight.stages.filter[0]!.params).toEqual({ learningRate: 0.1, hiddenSize: 8, optimizer: 'adam' });
    expect(insight.stages.filter.filter((p) => p.outcome === 'raced-out')).toHaveLength(1);
    expect(insight.axes.map((a) => [a.key, a.scale])).toEqual([['learningRate', 'log'], ['hiddenSize', 'linear'], ['optimizer', 'categorical']]);
  });

  it('computes importance for a file that does not record it, and uses the recorded one when it does', async () => {
    const computed = sweepInsight(results).importance!;
    expect(Object.keys(computed.params)).toEqual(['learningRate', 'hiddenSize', 'optimizer']);
    expect(computed.params.learningRate!.share).toBeGreaterThan(0.8);
    const recorded = { method: 'fanova-random-forest', points: 18, resamples: 2, params: { learningRate: { share: 0.5, std: 0.1 }, hiddenSize: { share: 0.25, std: 0.05 } } };
    const section = await importanceSection({ ...results, importance: recorded });
    expect(svgs(section.html)).toBe(1);
    expect(section.html).toContain('learningRate matters most: alone it explains 50% ± 10% of the variance of valLoss across the 18 stage-one points; hiddenSize the least (25% ± 5%)');
    expect(section.html).toContain('Whiskers are the std of the share over 2 refits, each on one fold');
  });

  it('draws the history by draw order and by compute, with the stage boundary and a reading', async () => {
    const section = await historySection(results);
    expect(svgs(section.html)).toBe(2);
    expect(section.html).toContain('class="reading"');
    // The best stage-one score (lr 0.01, hs 8) is the first lr 0.01 point finished: the 7th drawn.
    expect(section.html).toMatch(/Stage one&#39;s best valLoss, 0\.01033, came at point 7 of 18, after \d+% of the stage&#39;s trial compute; the 11 points drawn after it did not improve on it: the search had settled/);
    expect(section.html).toContain('point, in the order drawn');
    expect(section.html).toContain('trial compute spent, s');
  });

  it('draws parallel coordinates over every parameter and the objective, log axis named, with where the best quarter lies', async () => {
    const section = await parallelSection(results);
    expect(svgs(section.html)).toBe(1);
    for (const axis of ['learningRate (log)', 'hiddenSize', 'optimizer', 'valLoss']) expect(section.html).toContain(`>${axis}</text>`);
    expect(section.html).toContain('The best 5 of 18 stage-one points (the brightest lines) have learningRate 0.01');
  });

  it('draws a point with no score (diverged) as a grey dashed line over the parameters, beside the 18 coloured ones', async () => {
    const diverged = { ...results, trials: results.trials.map((t) => (t.stage === 'filter' && t.params.learningRate === 0.001 && t.params.hiddenSize === 8 && t.params.optimizer === 'adam' ? { ...t, status: 'diverged' as const, metrics: {} } : t)) };
    const section = await parallelSection(diverged);
    const lines = section.html.match(/aria-roledescription="line mark"/g) ?? [];
    expect(lines).toHaveLength(18);
    expect(section.html).toContain('stroke-dasharray="3,3"');
    expect(section.html).toContain('The best 5 of 17 stage-one points');
  });

  it('draws a slice per parameter, the log-spaced one on a log axis', async () => {
    const section = await paramsSection(results);
    expect(svgs(section.html)).toBe(3);
    expect(section.html).toContain('learningRate (log)');
    expect(section.html).toContain('valLoss against optimizer');
    expect(section.html).toContain('In stage one, learningRate 0.01 gave the best mean valLoss (0.01044), 0.001 the worst (0.02044).');
  });

  it('reads a slice of sampled values by its rank correlation', () => {
    const insight = sweepInsight(results);
    const spread = { ...insight, stages: { ...insight.stages, filter: insight.stages.filter.map((p, i) => ({ ...p, params: { ...p.params, clip: i + 1 }, mean: (i + 1) * 0.1 })) } };
    expect(sliceReading({ key: 'clip', scale: 'linear', values: spread.stages.filter.map((p) => p.params.clip!) }, spread)).toBe('In stage one, valLoss rises as it rises (rank correlation 1).');
  });

  it('says in one sentence why a sweep too small for importance has no bars', async () => {
    const small = { ...results, trials: results.trials.filter((t) => t.params.hiddenSize === 8 && t.params.optimizer === 'adam') };
    const section = await importanceSection(small);
    expect(svgs(section.html)).toBe(0);
    expect(section.html).toContain('needs at least four stage-one points');
  });
});

describe('points a halving stage halted', () => {
  it('are read from a leaderboard entry\'s halted and drawn faint like raced-out ones', () => {
    const r = syntheticResults();
    const id = r.trials[0]!.pointId;
    const withHalted = { ...r, leaderboard: [...r.leaderboard, { rank: 9, pointId: id, params: r.trials[0]!.params, stage: 'filter' as const, mean: null, std: null, folds: 1, status: 'ok' as const, survivor: false, halted: { rung: 1 } }] };
    const points = sweepInsight(withHalted as typeof r).stages.filter;
    expect(points.find((p) => p.pointId === id)!.outcome).toBe('halted');
    expect(points.filter((p) => p.outcome === 'halted')).toHaveLength(1);
  });
});

describe('the draw order a search strategy recorded', () => {
  it('orders the history by results.json\'s search.drawn instead of finishing order', async () => {
    const r = syntheticResults();
    const params = [...new Map(r.trials.filter((t) => t.stage === 'filter').map((t) => [t.pointId, t.params])).values()];
    const withSearch = { ...r, search: { strategy: 'random', drawn: [...params].reverse(), parallel: 1 } };
    const points = sweepInsight(withSearch).stages.filter;
    expect(points[0]!.params).toEqual(params.at(-1));
    expect(points.at(-1)!.params).toEqual(params[0]);
    // The best score (lr 0.01, hs 8: adam 7th and sgd 8th of 18 by finishing order) comes first at the 11th when drawn in reverse.
    expect((await historySection(withSearch)).html).toContain('came at point 11 of 18');
  });
});
