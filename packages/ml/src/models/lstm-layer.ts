/**
 * The one place an LSTM layer is constructed. Every model builds its recurrent layers here, with the fused op
 * (src/kernels) or tfjs-layers' LSTM as the build settings say; both have the same weights and maths.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedLstm } from './fused-lstm-layer.js';
import type { InitSeeds } from './init-seeds.js';
import type { ResolvedLstmImplementation } from './lstm-implementation.js';

/** Arguments of {@link lstmLayer}. */
export interface LstmLayerArgs {
  readonly units: number;
  /** Emit every step (`[B, T, units]`) rather than only the last (`[B, units]`). @default true */
  readonly returnSequences?: boolean;
  /** Layer name, unique within the model. */
  readonly name: string;
  readonly seeds: InitSeeds;
  /** Which implementation computes it. @default 'fused' */
  readonly implementation?: ResolvedLstmImplementation;
}

/**
 * An LSTM layer with sigmoid gates and tanh activations (as in PyTorch and Keras 2) and seeded Glorot-uniform
 * kernels. Glorot rather than orthogonal for the recurrent kernel: tfjs's orthogonal initialiser runs a QR
 * decomposition that is slow on large matrices and warns on the console. The bias starts at zero; call
 * {@link initForgetGateBias} on the built model to set the forget gates' bias to 1. Both implementations draw
 * the same seeds in the same order and make weights of the same shapes, so a seed gives the same initial model.
 */
export function lstmLayer(args: LstmLayerArgs): tf.layers.Layer {
  if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`LSTM units must be a positive whole number, got ${args.units}`);
  const implementation = args.implementation ?? 'fused';
  if (implementation === 'fused') {
    return new FusedLstm({
      units: args.units,
      returnSequences: args.returnSequences ?? true,
      kernelInitializer: args.seeds.glorot(),
      recurrentInitializer: args.seeds.glorot(),
      name: args.name,
    });
  }
  if (implementation !== 'layers') throw new Error(`unknown LSTM implementation "${String(implementation)}"`);
  return tf.layers.lstm({
    units: args.units,
    returnSequences: args.returnSequences ?? true,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    kernelInitializer: args.seeds.glorot(),
    recurrentInitializer: args.seeds.glorot(),
    name: args.name,
  });
}

/**
 * Sets the forget-gate bias of every LSTM layer (either implementation) of a built model to 1 (Jozefowicz et al. 2015), the other gates'
 * to 0. Done after building rather than with tfjs's `unitForgetBias`, whose initialiser leaks tensors, both when
 * a model is built and when a saved one is loaded.
 */
export function initForgetGateBias(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'LSTM' && layer.getClassName() !== FusedLstm.className) continue;
    const [kernel, recurrent, current] = layer.getWeights();
    const units = current!.shape[0]! / 4;
    // Keras packs the gates as [input, forget, cell, output].
    const bias = new Float32Array(4 * units).fill(1, units, 2 * units);
    tf.tidy(() => layer.setWeights([kernel!, recurrent!, tf.tensor1d(bias)]));
  }
}
