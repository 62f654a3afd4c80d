import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { tensorFromView, tensorValues } from './tensor-io.js';

// The fused op hands tfjs views into a kernel's memory that the next call overwrites, and reads tensors in place.
describe.each(['wasm', 'cpu'])('tensor values on the %s backend', (backend) => {
  it('reads a tensor\'s values, and makes tensors that keep theirs when the source memory changes', async () => {
    await tf.setBackend(backend);
    const t = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(tensorValues(t))).toEqual([1, 2, 3, 4, 5, 6]);
    const memory = Float32Array.from([9, 8, 7, 6, 5, 4, 3]);
    const made = tensorFromView(memory.subarray(1, 5), [2, 2]);
    memory.fill(0);
    expect(Array.from(made.dataSync())).toEqual([8, 7, 6, 5]);
    expect(made.shape).toEqual([2, 2]);
    expect(() => tensorValues(tf.tensor1d([1], 'int32'))).toThrow(/expected a float32 tensor, got int32/);
    tf.dispose([t, made]);
  });
});
