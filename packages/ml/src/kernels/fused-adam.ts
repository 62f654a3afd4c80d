/**
 * One Adam update of every variable in one pass over its values, instead of tfjs's dozen tensor ops per variable
 * (on the mnist-rows classifier, 16 variables: about 200 ops a step, each paying tfjs's per-op cost). Every value
 * is computed with the same float32 operations in the same order as `tf.AdamOptimizer.applyGradients`, so the
 * weights, the moments and the optimizer's own state (accumulators made lazily under the same names, beta powers,
 * iterations) come out as tfjs's would, bit for bit: checkpoints and `getWeights` see no difference.
 */
import * as tf from '@tensorflow/tfjs';
import { defaultLstmKernel } from './lstm-workspace.js';
import { nativeAdam } from './native-kernel.js';
import { tensorFromView, tensorValues } from './tensor-io.js';

const f = Math.fround;

/** The parts of tfjs 4's AdamOptimizer that its applyGradients reads and writes. */
interface AdamState {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly accBeta1: tf.Variable;
  readonly accBeta2: tf.Variable;
  readonly accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  readonly accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

/**
 * Whether `optimizer` is tfjs's Adam. Not `instanceof`: tfjs's optimizer classes answer it by duck typing, true
 * for any optimizer.
 */
export function isAdam(optimizer: tf.Optimizer): optimizer is tf.AdamOptimizer {
  return optimizer.getClassName() === tf.AdamOptimizer.className;
}

/**
 * Applies `optimizer`'s update for `grads` (variable name to gradient), each gradient first multiplied by `scale`
 * (a float32 value, as `tf.mul(gradient, tf.scalar(scale))` would) where one is given: the global-norm clipping's
 * factor ({@link globalNormScale}).
 */
export function applyAdam(optimizer: tf.AdamOptimizer, grads: tf.NamedTensorMap, scale?: number): void {
  const state = optimizer as unknown as AdamState;
  const names = Object.keys(grads);
  const s = scale === undefined ? undefined : f(scale);
  const oneMinusAcc1 = f(1 - tensorValues(state.accBeta1)[0]!);
  const oneMinusAcc2 = f(1 - tensorValues(state.accBeta2)[0]!);
  const c = {
    b1: f(state.beta1), b2: f(state.beta2), rest1: f(1 - state.beta1), rest2: f(1 - state.beta2),
    eps: f(state.epsilon), step: f(-state.learningRate), oneMinusAcc1, oneMinusAcc2,
  };
  tf.tidy(() => {
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      if (value === undefined) throw new Error(`fused Adam: no variable named ${name}`);
      state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = grads[name];
      if (gradient === undefined) return;
      const m = state.accumulatedFirstMoment[i]!.variable;
      const v = state.accumulatedSecondMoment[i]!.variable;
      const out = update(tensorValues(value), tensorValues(m), tensorValues(v), tensorValues(gradient), s, c);
      m.assign(tensorFromView(out.m, m.shape));
      v.assign(tensorFromView(out.v, v.shape));
      value.assign(tensorFromView(out.value, value.shape));
    });
    state.accBeta1.assign(tf.tensor(f(tensorValues(state.accBeta1)[0]! * c.b1), [], 'float32'));
    state.accBeta2.assign(tf.tensor(f(tensorValues(state.accBeta2)[0]! * c.b2), [], 'float32'));
  });
  state.incrementIterations();
}

interface Constants {
  readonly b1: number;
  readonly b2: number;
  readonly rest1: number;
  readonly rest2: number;
  readonly eps: number;
  readonly step: number;
  readonly oneMinusAcc1: number;
  readonly oneMinusAcc2: number;
}

let scratch = new Float32Array(0);
const constants = new Float32Array(10);

/**
 * The new moments and value of one variable, in scratch memory that the next call reuses: in native code where the
 * native kernel runs (the same float32 operations, 16 lanes at a time), else here.
 */
function update(value: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, scale: number | undefined, c: Constants): { value: Float32Array; m: Float32Array; v: Float32Array } {
  const n = value.length;
  if (scratch.length < 3 * n) scratch = new Float32Array(3 * n);
  const out = { value: scratch.subarray(0, n), m: scratch.subarray(n, 2 * n), v: scratch.subarray(2 * n, 3 * n) };
  const native = nativeAdam(defaultLstmKernel());
  if (native) {
    constants.set([c.b1, c.b2, c.rest1, c.rest2, c.eps, c.step, c.oneMinusAcc1, c.oneMinusAcc2, scale ?? 1, scale === undefined ? 0 : 1]);
    native(value, m, v, grad, constants, scratch.subarray(0, 3 * n));
    return out;
  }
  updateJs(value, m, v, grad, scale, c, out);
  return out;
}

function updateJs(value: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, scale: number | undefined, c: Constants, out: { value: Float32Array; m: Float32Array; v: Float32Array }): void {
  const { b1, b2, rest1, rest2, eps, step, oneMinusAcc1, oneMinusAcc2 } = c;
  const { value: nx, m: nm, v: nv } = out;
  for (let i = 0; i < value.length; i++) {
    const g = scale === undefined ? grad[i]! : f(grad[i]! * scale);
    // tfjs: add(mul(m, beta1), mul(g, 1 - beta1)); add(mul(v, beta2), mul(square(g), 1 - beta2)).
    const m1 = f(f(m[i]! * b1) + f(g * rest1));
    const v1 = f(f(v[i]! * b2) + f(f(g * g) * rest2));
    // add(mul(div(m1 / (1 - accBeta1), add(sqrt(v1 / (1 - accBeta2)), epsilon)), -learningRate), value).
    const denominator = f(f(Math.sqrt(f(v1 / oneMinusAcc2))) + eps);
    nm[i] = m1;
    nv[i] = v1;
    nx[i] = f(f(f(f(m1 / oneMinusAcc1) / denominator) * step) + value[i]!);
  }
}

/**
 * The factor global-norm clipping scales every gradient by: `maxNorm / max(norm, maxNorm)`, where `norm` is the L2
 * norm of all gradients together. The squares are summed in double precision in one order (variable by variable,
 * element by element), then the norm and the factor are rounded to float32: 1 exactly where the norm is within
 * `maxNorm`, else within a float32 rounding or two of what tfjs's float32 sum (`clipByGlobalNorm`) gives.
 */
export function globalNormScale(grads: tf.NamedTensorMap, maxNorm: number): number {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) throw new Error(`gradient clip must be a positive finite number, got ${maxNorm}`);
  let sum = 0;
  for (const gradient of Object.values(grads)) {
    const g = tensorValues(gradient);
    for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  }
  const norm = f(Math.sqrt(sum));
  const limit = f(maxNorm);
  return f(limit / Math.max(norm, limit));
}
