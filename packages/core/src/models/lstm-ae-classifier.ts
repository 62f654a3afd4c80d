/** `lstm-ae-classifier`: the seed study's V4, a reconstruction autoencoder beside a classifying one. */
import * as tf from '@tensorflow/tfjs';
import { LstmAeClassifierOptions } from '../spec/components.js';
import { defineModel } from './define-model.js';
import { lstmAutoencoder } from './lstm-autoencoder.js';

/**
 * Two LSTM encoder-decoders side by side. The first reconstructs the input (output 0, `[B, T, F]`). The second
 * one's last step feeds Dense(`denseSize` ?? F, ReLU) and Dense(classes), giving logits (output 1, `[B, C]`).
 * Trained on `w * MSE + (1 - w) * softmax cross-entropy`.
 */
export const lstmAeClassifier = defineModel({
  name: 'lstm-ae-classifier',
  description: 'LSTM autoencoder plus a second LSTM encoder-decoder whose last step feeds a dense classifier',
  options: LstmAeClassifierOptions,
  kinds: ['classification'],
  head: 'classification',
  graph: (options, shape, input, seeds, implementation) => {
    const recon = lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'recon', seeds, implementation });
    // A decoder that returns only its last step computes exactly the last step of the full sequence.
    const last = lstmAutoencoder(input, { hiddenSize: options.hiddenSize, features: shape.features, prefix: 'class', seeds, implementation, lastStepOnly: true });
    const hidden = tf.layers
      .dense({ units: options.denseSize ?? shape.features, activation: 'relu', kernelInitializer: seeds.glorot(), name: 'class_dense' })
      .apply(last);
    const logits = tf.layers
      .dense({ units: shape.numClasses!, kernelInitializer: seeds.glorot(), name: 'logits' })
      .apply(hidden) as tf.SymbolicTensor;
    return [recon, logits];
  },
});
