/** `lstm-ae`: the plain LSTM autoencoder, trained on reconstruction MSE. */
import { LstmAeOptions } from '@seqsweep/core';
import { defineModel } from './define-model.js';
import { lstmAutoencoder } from './lstm-autoencoder.js';

/**
 * An LSTM encoder (`hiddenSize`) and an LSTM decoder back to the input width. One output, the reconstruction
 * `[B, T, F]`. It only needs the inputs, so it trains on any task kind (labels and targets are ignored).
 */
export const lstmAe = defineModel({
  name: 'lstm-ae',
  description: 'LSTM encoder-decoder trained to reconstruct its input (MSE)',
  options: LstmAeOptions,
  kinds: ['reconstruction', 'classification', 'prediction'],
  head: 'none',
  graph: (options, shape, input, seeds, implementation) => [
    lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'recon', seeds, implementation }),
  ],
});
