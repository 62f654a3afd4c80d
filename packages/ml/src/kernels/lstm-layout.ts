/**
 * Where each buffer of the fused LSTM lives in a kernel's memory. The kernels compute feature-major with the batch
 * as the contiguous, vectorised dimension, padded to a multiple of 4: a `[rows, N]` matrix holds column
 * `t * Bp + b` for step `t` and sample `b`, with `N = T * Bp`. Offsets count floats from the kernel's base.
 */

/** The sizes of one fused LSTM call. */
export interface LstmDims {
  /** B: samples. */
  readonly batch: number;
  /** T: timesteps. */
  readonly steps: number;
  /** F: input features. */
  readonly features: number;
  /** H: hidden units. */
  readonly units: number;
}

/** The buffers of a call, by name: inputs, forward state kept for backward, and gradients. */
export const LSTM_BUFFERS = [
  'x', 'w', 'u', 'bias', 'wT', 'uT', 'xT', 'gates', 'hs', 'cs', 'tcs', 'y',
  'dy', 'dyT', 'dh', 'dc', 'dW', 'dU', 'db', 'dx',
] as const;

/** A buffer's name. */
export type LstmBuffer = (typeof LSTM_BUFFERS)[number];

/** Offsets and sizes of every buffer of one call. */
export interface LstmLayout {
  readonly dims: LstmDims;
  /** Bp: the batch padded to a multiple of 4. */
  readonly padded: number;
  /** N = T * Bp. */
  readonly columns: number;
  /** Whether this is an inference layout ({@link planLstm} with `inference`): no state kept for a backward pass. */
  readonly inference: boolean;
  /** S: the steps whose input projection the gates buffer holds at once (T for training, where it holds all). */
  readonly chunk: number;
  /** Start of each buffer, in floats. */
  readonly offsets: Readonly<Record<LstmBuffer, number>>;
  /** Length of each buffer, in floats. */
  readonly sizes: Readonly<Record<LstmBuffer, number>>;
  /** Floats from the base to the end of the last buffer. */
  readonly floats: number;
}

/** Buffers start on 64-byte lines. */
const ALIGN = 16;

/** Floats of an inference layout's gates buffer, at most: [4H, S * Bp] stays in the L2 cache. */
const INFERENCE_GATES = 32768;

/**
 * Checks `dims` and lays the buffers out one after another from `base` (a float offset, multiple of 16). With
 * `inference`, only what a forward pass without backward needs: gates for S steps at a time, two columns of cell
 * state, and no tanh(c) nor any gradient buffer (size 0).
 */
export function planLstm(dims: LstmDims, base = 0, inference = false): LstmLayout {
  for (const [name, value] of Object.entries(dims)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`fused LSTM: ${name} must be a positive whole number, got ${value}`);
  }
  const { batch: B, steps: T, features: F, units: H } = dims;
  const G = 4 * H;
  const padded = Math.ceil(B / 4) * 4;
  const N = T * padded;
  const chunk = inference ? Math.max(1, Math.min(T, Math.floor(INFERENCE_GATES / (G * padded)))) : T;
  const training = inference ? 0 : 1;
  const sizes: Record<LstmBuffer, number> = {
    x: B * T * F, w: F * G, u: H * G, bias: G, wT: G * F, uT: G * H,
    xT: F * N, gates: G * chunk * padded, hs: H * (N + padded), cs: inference ? H * 2 * padded : H * (N + padded), tcs: training * H * N, y: B * T * H,
    dy: training * B * T * H, dyT: training * H * N, dh: training * H * padded, dc: training * H * padded,
    dW: training * F * G, dU: training * H * G, db: training * G, dx: training * B * T * F,
  };
  const offsets = {} as Record<LstmBuffer, number>;
  let at = Math.ceil(base / ALIGN) * ALIGN;
  for (const name of LSTM_BUFFERS) {
    offsets[name] = at;
    at += Math.ceil(sizes[name] / ALIGN) * ALIGN;
  }
  // 4 GiB is the most a wasm32 memory can address.
  if (at * 4 > 2 ** 32 - 2 ** 16) throw new Error(`fused LSTM: B=${B}, T=${T}, F=${F}, H=${H} needs ${(at * 4 / 2 ** 30).toFixed(1)} GiB, more than 4 GiB; use a smaller batch`);
  return { dims, padded, columns: N, inference, chunk, offsets, sizes, floats: at };
}
