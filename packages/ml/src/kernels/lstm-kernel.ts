/** The contract every implementation of the fused LSTM fulfils: native AVX-512, WebAssembly SIMD and TypeScript. */
import type { LstmLayout } from './lstm-layout.js';

/**
 * Which implementation runs the fused LSTM. `auto` takes the native kernel where its addon is built and the CPU
 * has AVX-512 or AVX2, else WebAssembly SIMD where it validates, else `js`. `native` fuses products into sums with
 * FMA where the CPU has it (exact where not), within a tolerance of the others (`FMA_TOLERANCE`);
 * `native-exact` and `wasm` give the same results bit for bit; `js` agrees within rounding. `auto` takes
 * `native-exact` instead of `native` where `SEQSWEEP_LSTM_EXACT=1`.
 */
export type LstmKernelKind = 'auto' | 'native' | 'native-exact' | 'wasm' | 'js';

/**
 * One fused LSTM engine with its own memory. Callers write inputs into {@link memory} at the layout's offsets,
 * run {@link forward} and later {@link backward} on the same layout, and read the results back.
 */
export interface LstmKernel {
  readonly kind: Exclude<LstmKernelKind, 'auto'>;
  /** The float offset where layouts may start (after the module's static data). */
  readonly base: number;
  /** Makes room for `floats` floats from offset 0; may replace the array {@link memory} returns. */
  reserve(floats: number): void;
  /** The kernel's memory as floats. Fetch it again after {@link reserve}. */
  memory(): Float32Array;
  /**
   * Runs every step forward: reads x, w, u, bias; writes y ([B, T, H], or [B, H] without `allSteps`) and keeps
   * xT, gates, hs, cs and tcs for {@link backward}.
   */
  forward(layout: LstmLayout, allSteps: boolean): void;
  /**
   * The forward pass for inference, on a layout from `planLstm(dims, base, true)`: reads x, w, u, bias and writes
   * y exactly as {@link forward} would (bit for bit), keeping nothing for a backward pass.
   */
  infer(layout: LstmLayout, allSteps: boolean): void;
  /**
   * Backpropagation through time after {@link forward} on the same layout: reads dy, writes dx, dW, dU and db.
   * Consumes the kept state (gates and xT are overwritten), so each backward needs its own forward.
   */
  backward(layout: LstmLayout, allSteps: boolean): void;
}
