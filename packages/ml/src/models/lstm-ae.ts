/** `lstm-ae`: the plain LSTM autoencoder, trained on reconstruction MSE. */
import { LSTM_AE_MODEL } from '@seqsweep/core';
import { defineModel } from '../define.js';
import { lstmAutoencoder } from './lstm-autoencoder.js';

/**
 * An LSTM encoder (`hiddenSize`) and an LSTM decoder back to the input width. One output, the reconstruction
 * `[B, T, F]`. It only needs the inputs, so it trains on any task kind (labels and targets are ignored).
 */
export const lstmAe = defineModel({
  ...LSTM_AE_MODEL,
  build: ({ options, shape, input, glorot, lstmImplementation: implementation }) => [
    lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'recon', seeds: { glorot }, implementation }),
  ],
});
