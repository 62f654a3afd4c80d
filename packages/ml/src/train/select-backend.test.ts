import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';

/** Whether the optional @tensorflow/tfjs-node is installed here: its install downloads libtensorflow, which may fail. */
function tfjsNodeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') return false;
    throw e;
  }
}

const installed = tfjsNodeInstalled();

describe('selectBackend', () => {
  // One test for both machines: where the optional install succeeded tfjs-node must win, elsewhere wasm must.
  it(`chooses ${installed ? 'the installed tfjs-node' : 'wasm over the absent tfjs-node, recording why'}, and decides once per process`, async () => {
    const choice = await selectBackend();
    if (installed) {
      expect(choice).toEqual({ name: 'tensorflow', fallbacks: [] });
    } else {
      expect(choice.name).toBe('wasm');
      expect(choice.fallbacks).toHaveLength(1);
      expect(choice.fallbacks[0]!.name).toBe('tensorflow');
      expect(choice.fallbacks[0]!.reason).toMatch(/^could not load: .*@tensorflow\/tfjs-node/);
    }
    expect(tf.getBackend()).toBe(choice.name);
    expect(await selectBackend()).toBe(choice);
    expect(await selectBackend('cpu')).toBe(choice);
    expect(tf.getBackend()).toBe(choice.name);
  });
});
