/**
 * @seqsweep/ml: everything that loads TensorFlow.js. Datasets, model builders, the training loop and the fused
 * LSTM kernels.
 */
export * from './data/index.js';
export * from './models/index.js';
export * from './train/index.js';
export * from './kernels/index.js';
