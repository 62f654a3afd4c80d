/**
 * A tfjs layer that runs the fused LSTM op (src/kernels): the same weights, names, shapes, gate order and maths as
 * `tf.layers.lstm` with sigmoid gates and tanh activations, in one kernel call per pass instead of a dozen ops per
 * step. Registered with tf.serialization, so a saved model that uses it loads again.
 */
import * as tf from '@tensorflow/tfjs';
import { LstmWorkspace, createLstmKernel, fusedLstm, type LstmKernelKind } from '../kernels/index.js';
import type { Initializer } from './init-seeds.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Arguments of {@link FusedLstm}. */
export interface FusedLstmArgs extends LayerArgs {
  readonly units: number;
  /** Emit every step (`[B, T, units]`) rather than only the last (`[B, units]`). @default true */
  readonly returnSequences?: boolean;
  /** Initialiser of the input kernel `[F, 4 * units]`. @default glorotUniform */
  readonly kernelInitializer?: Initializer;
  /** Initialiser of the recurrent kernel `[units, 4 * units]`. @default glorotUniform */
  readonly recurrentInitializer?: Initializer;
  /** Which implementation computes it. @default 'auto' (WebAssembly SIMD where it runs, else TypeScript) */
  readonly kernel?: LstmKernelKind;
}

/** An LSTM layer computed by the fused op. Its bias starts at zero, like `tf.layers.lstm` without unitForgetBias. */
export class FusedLstm extends tf.layers.Layer {
  /** The name saved models record for this layer. */
  static readonly className = 'SeqsweepFusedLSTM';
  readonly units: number;
  readonly returnSequences: boolean;
  readonly #kernelInitializer: Initializer;
  readonly #recurrentInitializer: Initializer;
  readonly #kernelKind: LstmKernelKind;
  #workspace: LstmWorkspace | undefined;
  #weights: { kernel: tf.LayerVariable; recurrent: tf.LayerVariable; bias: tf.LayerVariable } | undefined;

  constructor(args: FusedLstmArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`LSTM units must be a positive whole number, got ${args.units}`);
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? true;
    this.#kernelInitializer = args.kernelInitializer ?? tf.initializers.glorotUniform({});
    this.#recurrentInitializer = args.recurrentInitializer ?? tf.initializers.glorotUniform({});
    this.#kernelKind = args.kernel ?? 'auto';
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = oneShape(inputShape);
    const features = shape[2];
    if (shape.length !== 3 || typeof features !== 'number') throw new Error(`layer ${this.name} needs input [B, T, F] with a known F, got [${shape.join(', ')}]`);
    const H = this.units;
    this.#weights = {
      kernel: this.addWeight('kernel', [features, 4 * H], 'float32', this.#kernelInitializer),
      recurrent: this.addWeight('recurrent_kernel', [H, 4 * H], 'float32', this.#recurrentInitializer),
      bias: this.addWeight('bias', [4 * H], 'float32', tf.initializers.zeros()),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = oneShape(inputShape);
    return this.returnSequences ? [shape[0]!, shape[1]!, this.units] : [shape[0]!, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || (Array.isArray(inputs) && inputs.length !== 1)) throw new Error(`layer ${this.name} takes one input tensor`);
    const w = this.#weights!;
    this.#workspace ??= new LstmWorkspace(createLstmKernel(this.#kernelKind));
    return fusedLstm(x, w.kernel.read(), w.recurrent.read(), w.bias.read(), { returnSequences: this.returnSequences, workspace: this.#workspace });
  }

  /** Disposes the weights, as every layer does, and lets go of the kernel's memory. */
  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) this.#workspace = undefined;
    return result;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences };
  }
}

tf.serialization.registerClass(FusedLstm);

function oneShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[])[0]! : (inputShape as tf.Shape);
}
