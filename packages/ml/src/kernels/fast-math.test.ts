import { describe, expect, it } from 'vitest';
import { fastSigmoid, fastTanh } from './fast-math.js';

describe('fast tanh and sigmoid', () => {
  it('stay within 4e-7 of Math.tanh and the exact sigmoid from -20 to 20', () => {
    let tanhError = 0, sigmoidError = 0;
    for (let x = -20; x <= 20; x += 1e-3) {
      tanhError = Math.max(tanhError, Math.abs(fastTanh(x) - Math.tanh(x)));
      sigmoidError = Math.max(sigmoidError, Math.abs(fastSigmoid(x) - 1 / (1 + Math.exp(-x))));
    }
    expect(tanhError).toBeLessThan(4e-7);
    expect(sigmoidError).toBeLessThan(2e-7);
  });

  it('are odd (tanh) and symmetric about 1/2 (sigmoid), and bounded', () => {
    for (const x of [0, 1e-8, 0.3, 2, 8.9, 9, 50, Infinity]) {
      expect(fastTanh(-x)).toBe(-fastTanh(x));
      expect(fastSigmoid(x) + fastSigmoid(-x)).toBeCloseTo(1, 7);
      expect(Math.abs(fastTanh(x))).toBeLessThanOrEqual(1);
    }
    expect(fastTanh(0)).toBe(0);
  });
});
