/**
 * The fused LSTM in native code (native/src, C++ with AVX-512), loaded through a small N-API addon that
 * `native/build.mjs` builds with node-gyp at install. The kernels compute every value with the same operations in
 * the same order as the WebAssembly kernel, so results are bit for bit the same; where the addon is not built, or
 * the CPU lacks AVX-512, {@link nativeLstmAddon} says why and callers keep the WebAssembly kernel.
 */
import { createRequire } from 'node:module';
import type { LstmKernel } from './lstm-kernel.js';
import { LSTM_BUFFERS, type LstmLayout } from './lstm-layout.js';

/** The addon's exports (native/src/addon.cc). */
interface NativeAddon {
  readonly isa: string;
  readonly callFields: number;
  forward(memory: Float32Array, call: Int32Array): void;
  infer(memory: Float32Array, call: Int32Array): void;
  backward(memory: Float32Array, call: Int32Array): void;
  alignment(memory: Float32Array): number;
}

/** The addon's path from this file, the same from src/kernels (tests) and dist/kernels. */
export const NATIVE_ADDON_PATH = '../../native/build/Release/seqsweep_lstm.node';

/** Either the addon, or why there is none. */
export type NativeAddonState = { readonly addon: NativeAddon; readonly isa: string } | { readonly addon: null; readonly reason: string };

let state: NativeAddonState | undefined;

/** Loads the addon once per process; never throws. */
export function nativeLstmAddon(): NativeAddonState {
  if (state) return state;
  if (process.env['SEQSWEEP_LSTM_NATIVE'] === '0') return (state = { addon: null, reason: 'SEQSWEEP_LSTM_NATIVE=0' });
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeAddon;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'MODULE_NOT_FOUND' ? 'the native addon is not built (npm install builds it where node-gyp and a C++ compiler are present)' : `the native addon does not load: ${(error as Error).message.split('\n')[0]}`;
    return (state = { addon: null, reason });
  }
  if (addon.isa !== 'avx512') return (state = { addon: null, reason: 'this CPU lacks AVX-512 (F, VL, DQ, BW)' });
  if (addon.callFields !== CALL_FIELDS.length) return (state = { addon: null, reason: `the native addon is stale (${addon.callFields} call fields, expected ${CALL_FIELDS.length}): rebuild it with npm install` });
  return (state = { addon, isa: addon.isa });
}

/** The sizes, then the buffer offsets, in the order of LstmCall (native/src/kernel.h). */
const CALL_FIELDS = ['B', 'T', 'F', 'H', 'Bp', 'S', 'allSteps', ...LSTM_BUFFERS] as const;

function packCall(layout: LstmLayout, allSteps: boolean): Int32Array {
  const { batch, steps, features, units } = layout.dims;
  const call = new Int32Array(CALL_FIELDS.length);
  call.set([batch, steps, features, units, layout.padded, layout.chunk, allSteps ? 1 : 0]);
  LSTM_BUFFERS.forEach((name, i) => (call[7 + i] = layout.offsets[name]));
  return call;
}

/** A fused LSTM kernel in native code, over memory it keeps aligned to 64 bytes. Throws where the addon is missing. */
export class NativeLstmKernel implements LstmKernel {
  readonly kind = 'native';
  readonly base = 0;
  readonly #addon: NativeAddon;
  #view = new Float32Array(0);

  constructor() {
    const loaded = nativeLstmAddon();
    if (loaded.addon === null) throw new Error(`the native fused LSTM kernel cannot run here: ${loaded.reason}`);
    this.#addon = loaded.addon;
  }

  reserve(floats: number): void {
    if (this.#view.length >= floats) return;
    const raw = new Float32Array(floats + 16);
    const shift = this.#addon.alignment(raw);
    this.#view = raw.subarray(shift, shift + floats);
  }

  memory(): Float32Array {
    return this.#view;
  }

  forward(layout: LstmLayout, allSteps: boolean): void {
    this.#addon.forward(this.#view, packCall(layout, allSteps));
  }

  infer(layout: LstmLayout, allSteps: boolean): void {
    this.#addon.infer(this.#view, packCall(layout, allSteps));
  }

  backward(layout: LstmLayout, allSteps: boolean): void {
    this.#addon.backward(this.#view, packCall(layout, allSteps));
  }
}
