// A model module: a 1-D convolution over the steps, then a classifier over the pooled filters. Output 0 is the
// reconstruction every seqsweep model gives (a dense layer per step back to the input's width), output 1 the logits.
// The convolution is written as `kernelSize` shifted copies of the input side by side and one dense layer per step,
// which is exactly a 'same'-padded Conv1D: tfjs's own conv1d has no gradient kernel on the wasm backend.
import { z } from 'zod';
import { defineModel } from '@seqsweep/ml/define';

export default defineModel({
  name: 'conv1d-classifier',
  description: '1-D convolution, average pooling over the steps and a dense classifier',
  head: 'classification',
  kinds: ['classification'],
  options: z.strictObject({
    filters: z.number().int().positive().max(512).default(16),
    kernelSize: z.number().int().positive().max(31).default(3),
  }),
  build: ({ tf, input, options, shape, glorot }) => {
    const k = options.kernelSize;
    const left = Math.floor((k - 1) / 2);
    // tfjs-layers pads and crops in 2-D only: the steps become the rows of a one-column image.
    const image = tf.layers.reshape({ targetShape: [shape.steps, 1, shape.features], name: 'as_image' }).apply(input);
    const padded = tf.layers.zeroPadding2d({ padding: [[left, k - 1 - left], [0, 0]], name: 'pad' }).apply(image);
    // Copy j holds the steps t - left + j: the kernel's window at every step, one copy per tap.
    const taps = Array.from({ length: k }, (_, j) => tf.layers.cropping2D({ cropping: [[j, k - 1 - j], [0, 0]], name: `tap${j}` }).apply(padded));
    const stacked = k === 1 ? taps[0] : tf.layers.concatenate({ axis: -1, name: 'taps' }).apply(taps);
    const windows = tf.layers.reshape({ targetShape: [shape.steps, k * shape.features], name: 'windows' }).apply(stacked);
    const conv = tf.layers.dense({ units: options.filters, activation: 'relu', kernelInitializer: glorot(), name: 'conv' }).apply(windows);
    const reconstruction = tf.layers.dense({ units: shape.features, kernelInitializer: glorot(), name: 'reconstruction' }).apply(conv);
    const pooled = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(conv);
    const logits = tf.layers.dense({ units: shape.numClasses, kernelInitializer: glorot(), name: 'logits' }).apply(pooled);
    return [reconstruction, logits];
  },
});
