/** The optimizer a trial trains with, from its train options. */
import * as tf from '@tensorflow/tfjs';
import type { TrainOptions } from '@seqsweep/core';

/** Adam, or SGD (with momentum when `train.momentum` > 0), at `train.learningRate`. The caller disposes it. */
export function createOptimizer(train: Pick<TrainOptions, 'optimizer' | 'learningRate' | 'momentum'>): tf.Optimizer {
  if (!(train.learningRate > 0 && Number.isFinite(train.learningRate))) throw new Error(`learningRate must be a positive finite number, got ${train.learningRate}`);
  switch (train.optimizer) {
    case 'adam':
      return tf.train.adam(train.learningRate);
    case 'sgd':
      return train.momentum > 0 ? tf.train.momentum(train.learningRate, train.momentum) : tf.train.sgd(train.learningRate);
  }
}
