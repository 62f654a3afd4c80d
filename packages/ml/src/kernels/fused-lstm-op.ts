/**
 * The fused LSTM as a TensorFlow.js op with its own gradient (`tf.customGrad`): one kernel call for the forward
 * pass over every step and one for backpropagation through time, on any tfjs backend (values are read with
 * `dataSync`, computed in the workspace's kernel and handed back as tensors). Outside a gradient tape (validation,
 * prediction) it runs the kernel's inference pass instead, which keeps no state for a backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { LstmDims } from './lstm-layout.js';
import type { LstmInputs, LstmWorkspace } from './lstm-workspace.js';
import { tensorFromView, tensorValues } from './tensor-io.js';

/** Options of {@link fusedLstm}. */
export interface FusedLstmOptions {
  /** Emit every step (`[B, T, H]`) rather than only the last (`[B, H]`). */
  readonly returnSequences: boolean;
  /** The kernel and its memory; one per layer, so a layer's forward state waits there for its backward pass. */
  readonly workspace: LstmWorkspace;
}

/**
 * An LSTM over `x` (`[B, T, F]`) from zero initial state, with sigmoid gates and tanh activations, weights in
 * Keras layout and gate order (i, f, c, o): `kernel` `[F, 4H]`, `recurrent` `[H, 4H]`, `bias` `[4H]`.
 * Differentiable with respect to all four.
 */
export function fusedLstm(x: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor, options: FusedLstmOptions): tf.Tensor {
  const dims = checkShapes(x, kernel, recurrent, bias);
  const { returnSequences, workspace } = options;
  const { batch: B, steps: T, features: F, units: H } = dims;
  if (!recordingGradients()) {
    // Nothing can ask for a gradient (validation, prediction): the forward pass alone, with no state kept.
    const y = workspace.infer(dims, read([x, kernel, recurrent, bias]), returnSequences, true);
    return tensorFromView(y, returnSequences ? [B, T, H] : [B, H]);
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, k, r, b] = args as tf.Tensor[];
    const save = args[4] as tf.GradSaveFunc;
    save([xs!, k!, r!, b!]);
    // Views into the kernel's memory become tensors at once, before the next call can overwrite them.
    const { y, token } = workspace.forward(dims, read([xs!, k!, r!, b!]), returnSequences, true);
    const value = tensorFromView(y, returnSequences ? [B, T, H] : [B, H]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const g = workspace.backward(token, dims, returnSequences, tensorValues(dy), () => read(saved), true);
      return [tensorFromView(g.dx, [B, T, F]), tensorFromView(g.dKernel, [F, 4 * H]), tensorFromView(g.dRecurrent, [H, 4 * H]), tensorFromView(g.dBias, [4 * H])];
    };
    return { value, gradFunc };
  });
  return op(x, kernel, recurrent, bias);
}

/** Whether a gradient tape is recording (tf.grad, tf.variableGrads, an optimizer's minimize or computeGradients). */
function recordingGradients(): boolean {
  // tfjs keeps the tape's depth in the engine's state; it exposes no function for it.
  const state = (tf.engine() as unknown as { state: { gradientDepth?: unknown } }).state;
  if (typeof state.gradientDepth !== 'number') throw new Error('fused LSTM: this tfjs engine does not say whether a gradient tape is recording');
  return state.gradientDepth > 0;
}

/** The inputs' values, read in place where the backend allows: the workspace copies them before any other tfjs op. */
function read([x, kernel, recurrent, bias]: tf.Tensor[]): LstmInputs {
  return { x: tensorValues(x!), kernel: tensorValues(kernel!), recurrent: tensorValues(recurrent!), bias: tensorValues(bias!) };
}

function checkShapes(x: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor): LstmDims {
  const shapes = `x [${x.shape}], kernel [${kernel.shape}], recurrent [${recurrent.shape}], bias [${bias.shape}]`;
  for (const t of [x, kernel, recurrent, bias]) {
    if (t.dtype !== 'float32') throw new Error(`fused LSTM: every input must be float32 (${shapes})`);
  }
  const [batch, steps, features] = x.shape;
  const units = recurrent.shape[0]!;
  const ok = x.rank === 3 && kernel.rank === 2 && recurrent.rank === 2 && bias.rank === 1
    && kernel.shape[0] === features && kernel.shape[1] === 4 * units && recurrent.shape[1] === 4 * units && bias.shape[0] === 4 * units;
  if (!ok) throw new Error(`fused LSTM: shapes do not fit together: ${shapes}; expected [B, T, F], [F, 4H], [H, 4H], [4H]`);
  return { batch: batch!, steps: steps!, features: features!, units };
}
