/** `lstm-ae-classifier`: the seed study's V4, a reconstruction autoencoder beside a classifying one. */
import * as tf from '@tensorflow/tfjs';
import { LSTM_AE_CLASSIFIER_MODEL } from '@seqsweep/core';
import { defineModel } from '../define.js';
import { lstmAutoencoder } from './lstm-autoencoder.js';
import { lstmLayer } from './lstm-layer.js';
import type { InitSeeds } from './init-seeds.js';
import type { ResolvedLstmImplementation } from './lstm-implementation.js';

/**
 * Two LSTM paths side by side. The first, an encoder-decoder, reconstructs the input (output 0, `[B, T, F]`). The
 * second is another encoder-decoder whose decoder's last step (`classifyFrom: 'decoder'`, F values) or an encoder
 * alone whose last hidden state (`classifyFrom: 'encoder'`, `hiddenSize` values) or mean hidden state over the
 * steps (`'encoder-mean'`) feeds Dense(`denseSize` ?? that
 * width, ReLU) and Dense(classes), giving logits (output 1, `[B, C]`). Trained on
 * `w * MSE + (1 - w) * softmax cross-entropy`. With one feature per step (pixel-by-pixel MNIST) the decoder's last
 * step is a single number, a bottleneck no training gets ten classes through; `encoder` removes it.
 */
export const lstmAeClassifier = defineModel({
  ...LSTM_AE_CLASSIFIER_MODEL,
  build: ({ options, shape, input, glorot, lstmImplementation: implementation }) => {
    const seeds = { glorot };
    const recon = lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'recon', seeds, implementation });
    // A decoder that returns only its last step computes exactly the last step of the full sequence.
    const from = options.classifyFrom ?? 'decoder';
    const last = from === 'decoder'
      ? lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'class', seeds, implementation, lastStepOnly: true })
      : classEncoder(input, options.hiddenSize, from === 'encoder-mean', seeds, implementation);
    const width = from === 'decoder' ? shape.features : options.hiddenSize;
    const hidden = tf.layers
      .dense({ units: options.denseSize ?? width, activation: 'relu', kernelInitializer: seeds.glorot(), name: 'class_dense' })
      .apply(last);
    const logits = tf.layers
      .dense({ units: shape.numClasses!, kernelInitializer: seeds.glorot(), name: 'logits' })
      .apply(hidden) as tf.SymbolicTensor;
    return [recon, logits];
  },
});

/** The second path's encoder alone: its last hidden state, or the mean of its hidden states over every step. */
function classEncoder(input: tf.SymbolicTensor, units: number, mean: boolean, seeds: InitSeeds, implementation: ResolvedLstmImplementation | undefined): tf.SymbolicTensor {
  const encoder = lstmLayer({ units, name: 'class_encoder', seeds, implementation, returnSequences: mean });
  const states = encoder.apply(input) as tf.SymbolicTensor;
  return mean ? tf.layers.globalAveragePooling1d({ name: 'class_mean' }).apply(states) as tf.SymbolicTensor : states;
}
