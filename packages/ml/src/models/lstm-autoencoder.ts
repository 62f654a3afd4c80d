/**
 * The LSTM encoder-decoder every model is made of: an encoder to `hiddenSize` units and a decoder back to the
 * input width, both emitting every step, as in the seed study's LSTM_AE.
 */
import type * as tf from '@tensorflow/tfjs';
import type { InitSeeds } from './init-seeds.js';
import type { ResolvedLstmImplementation } from './lstm-implementation.js';
import { lstmLayer } from './lstm-layer.js';

/** Arguments of {@link lstmAutoencoder}. */
export interface LstmAutoencoderArgs {
  readonly hiddenSize: number;
  /** Width of the decoder's output (the input's features). */
  readonly features: number;
  /** Prefix of the two layer names (`<prefix>_encoder`, `<prefix>_decoder`), unique within the model. */
  readonly prefix: string;
  readonly seeds: InitSeeds;
  /** Emit only the decoder's last step (`[B, features]`) instead of every step. @default false */
  readonly lastStepOnly?: boolean;
  /** Which implementation computes both LSTMs. @default 'fused' */
  readonly implementation?: ResolvedLstmImplementation;
}

/**
 * Wires encoder and decoder onto `input` (`[B, T, F]`); returns the decoder's output, `[B, T, features]`, or its
 * last step `[B, features]` with `lastStepOnly`.
 */
export function lstmAutoencoder(input: tf.SymbolicTensor, args: LstmAutoencoderArgs): tf.SymbolicTensor {
  const { seeds, implementation } = args;
  const encoder = lstmLayer({ units: args.hiddenSize, name: `${args.prefix}_encoder`, seeds, implementation });
  const decoder = lstmLayer({ units: args.features, name: `${args.prefix}_decoder`, seeds, implementation, returnSequences: !args.lastStepOnly });
  return decoder.apply(encoder.apply(input)) as tf.SymbolicTensor;
}
