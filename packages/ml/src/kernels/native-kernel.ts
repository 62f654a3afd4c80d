/**
 * The fused LSTM in native code (native/src, C++ on AVX-512 or AVX2, chosen at run time), loaded through a small
 * N-API addon that `native/build.mjs` builds with node-gyp at install. The kernels compute every value with the
 * same operations in the same order as the WebAssembly kernel, so results are bit for bit the same; where the
 * addon is not built, or the CPU has neither instruction set, {@link nativeLstmAddon} says why and callers keep
 * the WebAssembly kernel.
 */
import { createRequire } from 'node:module';
import type { LstmKernel } from './lstm-kernel.js';
import { LSTM_BUFFERS, type LstmLayout } from './lstm-layout.js';

/** An instruction set the native kernels are built for, fastest first. */
export const NATIVE_ISAS = ['avx512', 'avx2'] as const;

/** One of {@link NATIVE_ISAS}. */
export type NativeIsa = (typeof NATIVE_ISAS)[number];

/** The names logs give them. */
export const ISA_NAMES: Readonly<Record<NativeIsa, string>> = { avx512: 'AVX-512', avx2: 'AVX2' };

/** One instruction set's kernels. */
interface NativeKernelSet {
  forward(memory: Float32Array, call: Int32Array): void;
  infer(memory: Float32Array, call: Int32Array): void;
  backward(memory: Float32Array, call: Int32Array): void;
  /** One Adam step (native/src/kernel.h): value, m, v and grad of n floats, 10 constants, out of 3n floats; absent from older builds. */
  adam?(value: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, constants: Float32Array, out: Float32Array): void;
}

/** The addon's exports (native/src/addon.cc): a kernel set per instruction set this CPU runs, listed in `isas`. */
interface NativeAddon extends Partial<Record<NativeIsa, NativeKernelSet>> {
  readonly isas: readonly string[];
  readonly callFields: number;
  alignment(memory: Float32Array): number;
}

/** The addon's path from this file, the same from src/kernels (tests) and dist/kernels. */
export const NATIVE_ADDON_PATH = '../../native/build/Release/seqsweep_lstm.node';

/** Either the addon, or why there is none. */
export type NativeAddonState =
  | { readonly addon: NativeAddon; readonly isa: NativeIsa; readonly isas: readonly NativeIsa[] }
  | { readonly addon: null; readonly reason: string };

let state: NativeAddonState | undefined;

/** Loads the addon once per process; never throws. */
export function nativeLstmAddon(): NativeAddonState {
  if (state) return state;
  if (process.env['SEQSWEEP_LSTM_NATIVE'] === '0') return (state = { addon: null, reason: 'SEQSWEEP_LSTM_NATIVE=0' });
  return (state = nativeAddonAt(NATIVE_ADDON_PATH));
}

/**
 * Loads a build of the addon from `path` (relative to this file, or absolute), uncached; never throws. The
 * benches load another build beside the installed one this way, to time two versions of the kernels in one process.
 */
export function nativeAddonAt(path: string): NativeAddonState {
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'MODULE_NOT_FOUND' ? 'the native addon is not built (npm install builds it where node-gyp and a C++ compiler are present)' : `the native addon does not load: ${(error as Error).message.split('\n')[0]}`;
    return { addon: null, reason };
  }
  if (addon.callFields !== CALL_FIELDS.length || !Array.isArray(addon.isas)) return { addon: null, reason: 'the native addon is stale: rebuild it with npm install' };
  const isas = NATIVE_ISAS.filter((isa) => addon.isas.includes(isa) && addon[isa] !== undefined);
  if (isas.length === 0) return { addon: null, reason: 'this CPU has neither AVX-512 (F, VL, DQ, BW) nor AVX2' };
  return { addon, isa: isas[0]!, isas };
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

/**
 * A fused LSTM kernel in native code, over memory it keeps aligned to 64 bytes: the instruction set asked for, by
 * default the fastest this CPU runs. Throws where the addon is missing or the CPU lacks that instruction set.
 */
export class NativeLstmKernel implements LstmKernel {
  readonly kind = 'native';
  readonly base = 0;
  readonly isa: NativeIsa;
  readonly #addon: NativeAddon;
  readonly #set: NativeKernelSet;
  #view = new Float32Array(0);

  /** `loaded`: another build of the addon ({@link nativeAddonAt}). @default the installed one */
  constructor(isa?: NativeIsa, loaded: NativeAddonState = nativeLstmAddon()) {
    if (loaded.addon === null) throw new Error(`the native fused LSTM kernel cannot run here: ${loaded.reason}`);
    this.isa = isa ?? loaded.isa;
    const set = loaded.isas.includes(this.isa) ? loaded.addon[this.isa] : undefined;
    if (!set) throw new Error(`the native fused LSTM kernel cannot run ${ISA_NAMES[this.isa] ?? String(isa)} here: this CPU runs ${loaded.isas.map((i) => ISA_NAMES[i]).join(', ')}`);
    this.#addon = loaded.addon;
    this.#set = set;
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
    this.#set.forward(this.#view, packCall(layout, allSteps));
  }

  infer(layout: LstmLayout, allSteps: boolean): void {
    this.#set.infer(this.#view, packCall(layout, allSteps));
  }

  backward(layout: LstmLayout, allSteps: boolean): void {
    this.#set.backward(this.#view, packCall(layout, allSteps));
  }
}

/**
 * The native Adam step of the instruction set the native kernel runs, or undefined where there is none or the
 * process chose another fused LSTM kernel (`wasm`, `js`): those keep everything in JavaScript and WebAssembly.
 */
export function nativeAdam(chosen: string): NativeKernelSet['adam'] | undefined {
  if (chosen === 'wasm' || chosen === 'js') return undefined;
  const loaded = nativeLstmAddon();
  const set = loaded.addon === null ? undefined : loaded.addon[loaded.isa];
  return set?.adam?.bind(set);
}
