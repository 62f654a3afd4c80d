import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';

describe('selectBackend', () => {
  it('falls back from the absent tfjs-node to wasm, records why, and decides once per process', async () => {
    const choice = await selectBackend();
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.fallbacks).toHaveLength(1);
    expect(choice.fallbacks[0]!.name).toBe('tensorflow');
    expect(choice.fallbacks[0]!.reason).toMatch(/^could not load: .*@tensorflow\/tfjs-node/);
    expect(await selectBackend()).toBe(choice);
    expect(await selectBackend('cpu')).toBe(choice);
    expect(tf.getBackend()).toBe('wasm');
  });
});
