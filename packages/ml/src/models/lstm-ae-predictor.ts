/** `lstm-ae-predictor`: a reconstruction autoencoder beside a next-step predictor. */
import * as tf from '@tensorflow/tfjs';
import { LSTM_AE_PREDICTOR_MODEL } from '@seqsweep/core';
import { defineModel } from '../define.js';
import { lstmAutoencoder } from './lstm-autoencoder.js';

/**
 * Two LSTM encoder-decoders side by side. The first reconstructs the input (output 0, `[B, T, F]`); the second
 * predicts the sequence shifted by one step (output 1, `[B, T, F]`, compared with `dataset.target`): directly
 * (`predict: 'level'`), or as the input plus the decoder's output (`predict: 'change'`), so that the path learns
 * the step-to-step change. Trained on `w * MSE(reconstruction) + (1 - w) * MSE(prediction)`.
 */
export const lstmAePredictor = defineModel({
  ...LSTM_AE_PREDICTOR_MODEL,
  build: ({ options, shape, input, glorot, lstmImplementation: implementation }) => {
    const seeds = { glorot };
    const recon = lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'recon', seeds, implementation });
    const path = lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'predict', seeds, implementation });
    const prediction = options.predict === 'change' ? tf.layers.add({ name: 'predict_change' }).apply([input, path]) as tf.SymbolicTensor : path;
    return [recon, prediction];
  },
});
