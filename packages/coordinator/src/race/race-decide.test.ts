import { describe, expect, it } from 'vitest';
import { RaceOptions } from '@seqsweep/core';
import { raceDecisions, rankRacePoints, type RacePoint } from './race-decide.js';

const point = (pointId: string, values: readonly number[]): RacePoint => ({ pointId, values: new Map(values.map((v, f) => [f, v])) });
const t = RaceOptions.parse({});

describe('raceDecisions', () => {
  it('races out a clearly worse point once it shares minFolds folds with the leader, and no point close to it', () => {
    const points = [point('a', [0.10, 0.12]), point('b', [0.12, 0.11]), point('worse', [0.50, 0.53])];
    expect(raceDecisions(points, { keep: 1, mode: 'min', config: t })).toEqual([
      { pointId: 'worse', afterFolds: 2, compared: [0, 1], p: expect.any(Number), leader: 'a' },
    ]);
    expect(raceDecisions(points, { keep: 1, mode: 'min', config: t })[0]!.p).toBeLessThan(0.05);
  });

  it('reads the objective in its direction: with max the low scorer is the worse one', () => {
    const points = [point('high', [0.9, 0.91]), point('low', [0.5, 0.52])];
    expect(raceDecisions(points, { keep: 1, mode: 'max', config: t }).map((d) => d.pointId)).toEqual(['low']);
    expect(raceDecisions(points, { keep: 1, mode: 'min', config: t }).map((d) => d.pointId)).toEqual(['high']);
  });

  it('tests nothing before minFolds folds in common with the leader, and pairs only folds both have', () => {
    expect(raceDecisions([point('a', [0.1]), point('b', [0.9])], { keep: 1, mode: 'min', config: t })).toEqual([]);
    const gappy: RacePoint = { pointId: 'b', values: new Map([[0, 0.9], [2, 0.95], [3, 0.93]]) };
    expect(raceDecisions([point('a', [0.1, 0.11, 0.12]), gappy], { keep: 1, mode: 'min', config: t })).toEqual([
      expect.objectContaining({ pointId: 'b', compared: [0, 2], afterFolds: 3 }),
    ]);
    expect(raceDecisions([point('a', [0.1, 0.11]), point('b', [0.9, 0.95])], { keep: 1, mode: 'min', config: { ...t, minFolds: 3 } })).toEqual([]);
  });

  it('with the Wilcoxon test needs five folds to reach p < 0.05', () => {
    const w = { ...t, test: 'wilcoxon' as const };
    const four = [point('a', [1, 1, 1, 1]), point('b', [2, 2, 2, 2])];
    expect(raceDecisions(four, { keep: 1, mode: 'min', config: w })).toEqual([]);
    const five = [point('a', [1, 1, 1, 1, 1]), point('b', [2, 2, 2, 2, 2])];
    expect(raceDecisions(five, { keep: 1, mode: 'min', config: w })).toEqual([expect.objectContaining({ pointId: 'b', p: 1 / 32 })]);
  });

  it('with a tolerance races out a point as good as the leader, testing "better by tolerance x the leader\'s mean" (p from scipy)', () => {
    // b is no worse than a (p = 1/3 without a tolerance), but not 5% better: the shifted differences are 0.065, 0.045, 0.065.
    const points = [point('a', [1.0, 1.1, 1.2]), point('b', [1.01, 1.09, 1.21])];
    expect(raceDecisions(points, { keep: 1, mode: 'min', config: t })).toEqual([]);
    const [out] = raceDecisions(points, { keep: 1, mode: 'min', config: { ...t, tolerance: 0.05 } });
    expect(out).toEqual({ pointId: 'b', afterFolds: 3, compared: [0, 1, 2], p: expect.any(Number), leader: 'a', tolerance: 0.05 });
    expect(out!.p).toBeCloseTo(0.006405388589296519, 12);
    // In the objective's direction: with max, 0.05 x 0.85 shifts b's shortfalls (0.01, -0.01, 0.01).
    const max = raceDecisions([point('a', [0.9, 0.8, 0.85]), point('b', [0.89, 0.81, 0.84])], { keep: 1, mode: 'max', config: { ...t, tolerance: 0.05 } });
    expect(max.map((d) => [d.pointId, d.p])).toEqual([['b', expect.closeTo(0.010254213272974847, 12)]]);
    // A tolerance the differences do not clear stops nothing.
    expect(raceDecisions(points, { keep: 1, mode: 'min', config: { ...t, tolerance: 0.001 } })).toEqual([]);
  });

  it('never leaves fewer than keep points live: it tests only points ranked below the keep-th best (random scores)', () => {
    let seed = 11;
    const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 200; trial++) {
      const keep = 1 + Math.floor(next() * 4);
      const points = Array.from({ length: 2 + Math.floor(next() * 10) }, (_, i) => {
        const level = next();
        return point(`p${i}`, Array.from({ length: 2 + Math.floor(next() * 4) }, () => level + next() * 0.1));
      });
      const out = raceDecisions(points, { keep, mode: 'min', config: { ...t, alpha: 0.3, tolerance: next() < 0.5 ? 0 : 0.2 } });
      expect(points.length - out.length).toBeGreaterThanOrEqual(Math.min(keep, points.length));
      const top = rankRacePoints(points, 'min', 2).slice(0, keep).map((p) => p.pointId);
      for (const d of out) {
        expect(top).not.toContain(d.pointId);
        expect(d.leader).toBe(top[keep - 1]);
      }
    }
  });
});
