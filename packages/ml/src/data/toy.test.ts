import { describe, expect, it } from 'vitest';
import { TaskOptions } from '@seqsweep/core';
import { dipGeometry, loadToy, type ToyTask } from './toy.js';

const toy = (o: { samples?: number; length?: number } = {}): ToyTask => TaskOptions.parse({ name: 'toy', ...o }) as ToyTask;

/** Steps below `upTo` of sample `s` whose value is at or below `limit`. */
function lowSteps(x: Float32Array, s: number, length: number, limit: number, upTo = length): number[] {
  const out: number[] = [];
  for (let t = 0; t < upTo; t++) if (x[s * length + t]! <= limit) out.push(t);
  return out;
}

describe('loadToy', () => {
  it('has the shape of the options, with values in [0, 1]', () => {
    const ds = loadToy(toy({ samples: 500 }), 1);
    expect(ds).toMatchObject({ task: 'toy', kind: 'reconstruction', size: 500, steps: 50, features: 1 });
    expect(ds.x).toHaveLength(500 * 50);
    expect(Math.min(...ds.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ds.x)).toBeLessThanOrEqual(1);
    expect(ds.labels).toBeUndefined();
    expect(ds.target).toBeUndefined();
  });

  it('puts an 11-step dip (values x0.1) around a centre in [20, 30] of every sequence', () => {
    const ds = loadToy(toy({ samples: 2000 }), 7);
    const centres = new Set<number>();
    for (let s = 0; s < ds.size; s++) {
      // Every centre in [20, 30] covers step 25 and, with +-5, lies in [15, 35].
      expect(ds.x[s * 50 + 25]).toBeLessThanOrEqual(0.1);
      const low = lowSteps(ds.x, s, 50, 0.1);
      const inside = low.filter((t) => t >= 15 && t <= 35);
      expect(inside.length).toBeGreaterThanOrEqual(11);
      // The 11 dipped steps are the only contiguous run of 11 low values that the centre can explain.
      const centre = inside.find((t) => t >= 20 && t <= 30 && [...Array(11).keys()].every((k) => ds.x[s * 50 + t - 5 + k]! <= 0.1));
      expect(centre).toBeDefined();
      centres.add(centre!);
    }
    // Outside the dip the signal is uniform, so only about 10% of those values are that low.
    let low = 0;
    for (let s = 0; s < ds.size; s++) low += lowSteps(ds.x, s, 50, 0.1, 15).length;
    expect(low / (ds.size * 15)).toBeGreaterThan(0.08);
    expect(low / (ds.size * 15)).toBeLessThan(0.12);
    expect(centres.size).toBeGreaterThan(5);
  });

  it('gives identical bytes for the same seed and different ones for another seed', () => {
    const a = loadToy(toy({ samples: 300 }), 42);
    const b = loadToy(toy({ samples: 300 }), 42);
    const c = loadToy(toy({ samples: 300 }), 43);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(c.x.buffer))).toBe(false);
  });

  it('scales the dip down with short sequences and keeps it inside them', () => {
    expect(dipGeometry(50)).toEqual({ center: [20, 30], halfWidth: 5 });
    expect(dipGeometry(31)).toEqual({ center: [20, 30], halfWidth: 5 });
    expect(dipGeometry(25)).toEqual({ center: [10, 15], halfWidth: 3 });
    for (let length = 2; length < 31; length++) {
      const { center, halfWidth } = dipGeometry(length);
      expect(center[0]).toBeLessThanOrEqual(center[1]);
      expect(center[0] - halfWidth).toBeGreaterThanOrEqual(0);
      expect(center[1] + halfWidth).toBeLessThanOrEqual(length - 1);
    }
    const ds = loadToy(toy({ samples: 400, length: 25 }), 3);
    expect(ds.steps).toBe(25);
    for (let s = 0; s < ds.size; s++) {
      // Centres 10..15 with half-width 3 always cover steps 12 and 13.
      expect(ds.x[s * 25 + 12]).toBeLessThanOrEqual(0.1);
      expect(ds.x[s * 25 + 13]).toBeLessThanOrEqual(0.1);
    }
  });

  it('clips the dip at the end of sequences of 31 to 35 steps', () => {
    const ds = loadToy(toy({ samples: 200, length: 31 }), 5);
    expect(ds.x).toHaveLength(200 * 31);
    for (let s = 0; s < ds.size; s++) expect(ds.x[s * 31 + 25]).toBeLessThanOrEqual(0.1);
  });
});
