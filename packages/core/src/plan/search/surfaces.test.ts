import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { SURFACES, SURFACE_KEY, SURFACE_NAMES, surfaceKeys, surfaceValue } from './surfaces.js';

describe('the benchmark surfaces', () => {
  it.each(SURFACE_NAMES)('%s reaches its known minimum at its argmin, inside its domain', (name) => {
    const s = SURFACES[name];
    expect(s.argmin).toHaveLength(s.dimension);
    expect(s.domain).toHaveLength(s.dimension);
    s.argmin.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(s.domain[i]![0]);
      expect(x).toBeLessThanOrEqual(s.domain[i]![1]);
    });
    expect(s.evaluate(s.argmin)).toBeCloseTo(s.minimum, 7);
  });

  it.each(SURFACE_NAMES)('%s is nowhere below its minimum on 2,000 random points of its domain', (name) => {
    const s = SURFACES[name];
    const rng = createRng(1, name);
    for (let i = 0; i < 2000; i++) {
      const x = s.domain.map(([lo, hi]) => lo + rng.next() * (hi - lo));
      expect(s.evaluate(x)).toBeGreaterThanOrEqual(s.minimum - 1e-12);
    }
  });

  it('gives the published values away from the minimum', () => {
    // Branin's other two minima, and Rosenbrock and Hartmann at the origin (by hand from their formulas).
    expect(SURFACES.branin.evaluate([-Math.PI, 12.275])).toBeCloseTo(0.397887, 6);
    expect(SURFACES.branin.evaluate([9.42478, 2.475])).toBeCloseTo(0.397887, 6);
    expect(SURFACES.rosenbrock.evaluate([0, 0, 0, 0])).toBe(3);
    expect(SURFACES.quadratic.evaluate([0, 0, 0, 0])).toBe(10);
    expect(SURFACES.hartmann6.evaluate([0, 0, 0, 0, 0, 0])).toBeCloseTo(-0.00508911288366444, 9);
  });

  it('reads x1 ... xd from a point and ignores further keys', () => {
    expect(surfaceKeys('branin')).toEqual(['x1', 'x2']);
    expect(surfaceValue('branin', { x1: Math.PI, x2: 2.275, x3: 99, learningRate: 0.1 })).toBeCloseTo(0.397887, 6);
    expect(SURFACE_KEY.test('x3') && SURFACE_KEY.test('x12') && !SURFACE_KEY.test('x0') && !SURFACE_KEY.test('xx')).toBe(true);
  });

  it('refuses a point without a number for one of its keys, naming the key', () => {
    expect(() => surfaceValue('branin', { x1: 1 })).toThrow(/surface branin needs a number for x2/);
    expect(() => surfaceValue('quadratic', { x1: 1, x2: 'a', x3: 0, x4: 0 })).toThrow(/x2/);
  });

  it('adds seeded Gaussian noise of the standard deviation asked', () => {
    const rng = createRng(4, 'noise');
    const values = Array.from({ length: 4000 }, () => surfaceValue('quadratic', { x1: 1, x2: -1, x3: 2, x4: -2 }, 0.5, rng));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(sd).toBeGreaterThan(0.47);
    expect(sd).toBeLessThan(0.53);
    expect(surfaceValue('quadratic', { x1: 1, x2: -1, x3: 2, x4: -2 }, 0.5, createRng(4, 'n'))).toBe(surfaceValue('quadratic', { x1: 1, x2: -1, x3: 2, x4: -2 }, 0.5, createRng(4, 'n')));
  });
});
