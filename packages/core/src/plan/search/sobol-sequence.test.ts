import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { SOBOL_MAX_DIMENSIONS, SobolSequence } from './sobol-sequence.js';

// The expected numbers are scipy 1.10's `qmc.Sobol(d, scramble=False)` (the same Joe-Kuo table, Gray-code order).
describe('SobolSequence', () => {
  it('draws the known first points of the plain 3-D sequence', () => {
    const s = new SobolSequence(3);
    expect(Array.from({ length: 8 }, (_, i) => s.point(i))).toEqual([
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
    ]);
  });

  it('matches known points far along in high dimensions, where the recurrence builds the direction numbers', () => {
    const s = new SobolSequence(64);
    const pick = (i: number): number[] => [0, 1, 2, 9, 31, 63].map((j) => s.point(i)[j]!);
    expect(pick(5)).toEqual([0.875, 0.875, 0.125, 0.125, 0.625, 0.625]);
    expect(pick(100)).toEqual([0.4140625, 0.2578125, 0.7734375, 0.6953125, 0.4140625, 0.6484375]);
    expect(pick(1000)).toEqual([0.2197265625, 0.0966796875, 0.5185546875, 0.0693359375, 0.1455078125, 0.4462890625]);
    expect(pick(123456)).toEqual([
      0.02649688720703125, 0.18274688720703125, 0.30725860595703125, 0.24906158447265625, 0.07570648193359375, 0.9521408081054688,
    ]);
  });

  it('keeps the net property when scrambled: each of the first 2^m points in its own 1/2^m slice of every dimension', () => {
    const s = new SobolSequence(8, createRng(3, 'test'));
    const points = Array.from({ length: 64 }, (_, i) => s.point(i));
    for (let j = 0; j < 8; j++) {
      const slices = new Set(points.map((p) => Math.floor(p[j]! * 64)));
      expect(slices.size).toBe(64);
    }
    // and of every pair of the first two dimensions, 16 points fill the 4x4 grid (a (0, m, 2)-net)
    const cells = new Set(points.slice(0, 16).map((p) => `${Math.floor(p[0]! * 4)},${Math.floor(p[1]! * 4)}`));
    expect(cells.size).toBe(16);
  });

  it('scrambles differently for different generators, and not at all without one', () => {
    const a = new SobolSequence(4, createRng(1, 'x')).point(0);
    const b = new SobolSequence(4, createRng(2, 'x')).point(0);
    expect(a).not.toEqual(b);
    expect(a).toEqual(new SobolSequence(4, createRng(1, 'x')).point(0));
    expect(a.some((u) => u !== 0)).toBe(true);
  });

  it('refuses more dimensions than the table has, in one sentence that names the limit', () => {
    expect(SOBOL_MAX_DIMENSIONS).toBe(64);
    expect(() => new SobolSequence(65)).toThrow(/at most 64 dimensions.*this space has 65/);
  });

  it('refuses an index outside 0 to 2^32 - 1', () => {
    expect(() => new SobolSequence(2).point(-1)).toThrow(RangeError);
    expect(() => new SobolSequence(2).point(2 ** 32)).toThrow(RangeError);
    expect(new SobolSequence(1).point(2 ** 32 - 1)[0]).toBeGreaterThan(0);
  });
});
