/** Model builders by name: the registry, the definitions and the shared LSTM building blocks. */
export { getModelDefinition, listModels, buildModel, registerModel } from './registry.js';
export { lstmAe } from './lstm-ae.js';
export { lstmAeClassifier } from './lstm-ae-classifier.js';
export { lstmAePredictor } from './lstm-ae-predictor.js';
export { lstmLayer, initForgetGateBias } from './lstm-layer.js';
export { FusedLstm } from './fused-lstm-layer.js';
export { setDefaultLstmImplementation, defaultLstmImplementation, resolveLstmImplementation, describeLstmImplementation, lstmArithmeticTag } from './lstm-implementation.js';
export { lstmAutoencoder } from './lstm-autoencoder.js';
export { createInitSeeds } from './init-seeds.js';
export { readModelOutputs, modelHead } from './model-outputs.js';
export type { ModelDefinition, ModelHead, ModelShape, ModelBuildSettings } from './model-definition.js';
export type { FusedLstmArgs } from './fused-lstm-layer.js';
export type { LstmImplementation, ResolvedLstmImplementation } from './lstm-implementation.js';
export type { LstmLayerArgs } from './lstm-layer.js';
export type { LstmAutoencoderArgs } from './lstm-autoencoder.js';
export type { InitSeeds, Initializer } from './init-seeds.js';
export type { ModelOutputs } from './model-outputs.js';
