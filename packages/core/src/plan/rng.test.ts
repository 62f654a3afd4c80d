import { describe, expect, it } from 'vitest';
import { createRng, restoreRng } from './rng.js';

const draw = (n: number, seed: number, label?: string): number[] => {
  const rng = createRng(seed, label);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('repeats the same numbers for the same seed and label', () => {
    expect(draw(100, 42, 'x')).toEqual(draw(100, 42, 'x'));
  });

  it('is pinned, so every machine and version draws the same numbers', () => {
    const rng = createRng(42, 'pinned');
    expect([rng.int(1000), rng.int(1000), rng.int(1000)]).toEqual(PINNED);
  });

  it('draws independent streams for different seeds and labels', () => {
    expect(draw(5, 42, 'a')).not.toEqual(draw(5, 42, 'b'));
    expect(draw(5, 42)).not.toEqual(draw(5, 43));
  });

  it('draws uniform numbers in [0, 1)', () => {
    const values = draw(20_000, 7, 'uniform');
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('draws every whole number below n, about equally often', () => {
    const rng = createRng(1, 'int');
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[rng.int(10)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(900);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
  });

  it('shuffles arrays and typed arrays in place into a permutation', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng(3, 'shuffle').shuffle(a);
    expect(shuffled).toBe(a);
    expect(a).not.toEqual([...a].sort((x, y) => x - y));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const t = createRng(3, 'shuffle').shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(t)).toEqual(a);
  });

  it('draws standard normal numbers', () => {
    const rng = createRng(11, 'normal');
    const values = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(std).toBeGreaterThan(0.97);
    expect(std).toBeLessThan(1.03);
  });

  it('draws on from a saved state exactly as the saved generator does, a waiting normal included', () => {
    const rng = createRng(3, 'state');
    rng.shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    rng.normal();
    const saved = JSON.parse(JSON.stringify(rng.state())) as ReturnType<typeof rng.state>;
    expect(saved.spare).not.toBeNull();
    const copy = restoreRng(saved);
    const ahead = [rng.normal(), rng.next(), rng.int(1000), rng.normal()];
    expect([copy.normal(), copy.next(), copy.int(1000), copy.normal()]).toEqual(ahead);
    expect(copy.state()).toEqual(rng.state());
  });

  it('refuses a state no generator could have had', () => {
    expect(() => restoreRng({ words: [1, 2, 3] as unknown as [number, number, number, number], spare: null })).toThrow(/four signed 32-bit words/);
    expect(() => restoreRng({ words: [1, 2, 3, 2 ** 31], spare: null })).toThrow(RangeError);
    expect(() => restoreRng({ words: [1, 2, 3, 4], spare: Number.NaN })).toThrow(/spare normal/);
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});

// Recorded from this implementation; a change here changes every sweep's data, folds and weights.
const PINNED = [79, 545, 65];
