/**
 * The fused LSTM in native code (native/src, C++ on AVX-512 or AVX2, chosen at run time), loaded through a small
 * N-API addon that `native/build.mjs` builds with node-gyp at install. Each instruction set has two arithmetics
 * ({@link NativeArithmetic}): `exact` computes every value with the same operations in the same order as the
 * WebAssembly kernel, so results are bit for bit the same; `fma` fuses each product into its sum, twice the work a
 * cycle on cores whose vector pipes are FMA units, within {@link FMA_TOLERANCE} of `exact`. Where the addon is not
 * built, or the CPU has neither instruction set, {@link nativeLstmAddon} says why and callers keep the WebAssembly
 * kernel.
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

/**
 * How the native kernels round: `exact`, the WebAssembly kernel's operations bit for bit (a product and its sum
 * rounded apart); `fma`, each product fused into its sum (one rounding), on CPUs with FMA.
 */
export type NativeArithmetic = 'fma' | 'exact';

/**
 * How far the `fma` kernels' outputs and gradients may lie from the `exact` ones, per array: the largest absolute
 * difference over the largest magnitude of the exact array (native-kernel.test.ts checks it on every LSTM layer of
 * the examples' models). The differences are float32 roundings (2^-24 relative each) carried through the sums and
 * the recurrence; the tolerance leaves room above the largest measured (docs/development.md).
 */
export const FMA_TOLERANCE = 1e-4;

/** One instruction set's kernels. */
interface NativeKernelSet {
  forward(memory: Float32Array, call: Int32Array): void;
  infer(memory: Float32Array, call: Int32Array): void;
  backward(memory: Float32Array, call: Int32Array): void;
  /** One Adam step (native/src/kernel.h): value, m, v and grad of n floats, 10 constants, out of 3n floats; absent from older builds. */
  adam?(value: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, constants: Float32Array, out: Float32Array): void;
}

/**
 * The addon's exports (native/src/addon.cc): the kernel sets this CPU runs, listed in `isas`: per instruction set
 * the exact one (`avx512`) and, where the CPU has FMA and the build has them, the FMA one (`avx512fma`).
 */
interface NativeAddon extends Partial<Record<NativeIsa | `${NativeIsa}fma`, NativeKernelSet>> {
  readonly isas: readonly string[];
  readonly callFields: number;
  alignment(memory: Float32Array): number;
}

/** The addon's path from this file, the same from src/kernels (tests) and dist/kernels. */
export const NATIVE_ADDON_PATH = '../../native/build/Release/seqsweep_lstm.node';

/**
 * Either the addon, or why there is none. `fma`: whether the best instruction set has an FMA build here (the CPU
 * has FMA); `arithmetic`: what a kernel runs unless told otherwise, `fma` where there is one, unless
 * `SEQSWEEP_LSTM_EXACT=1` asks for `exact`.
 */
export type NativeAddonState =
  | { readonly addon: NativeAddon; readonly isa: NativeIsa; readonly isas: readonly NativeIsa[]; readonly fma: boolean; readonly arithmetic: NativeArithmetic }
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
  const fma = addon.isas.includes(`${isas[0]!}fma`) && addon[`${isas[0]!}fma`] !== undefined;
  return { addon, isa: isas[0]!, isas, fma, arithmetic: fma && process.env['SEQSWEEP_LSTM_EXACT'] !== '1' ? 'fma' : 'exact' };
}

/** The kernel set of one instruction set and arithmetic, or undefined where this CPU or build has none. */
function kernelSet(loaded: NativeAddonState & { addon: NativeAddon }, isa: NativeIsa, arithmetic: NativeArithmetic): NativeKernelSet | undefined {
  const name = arithmetic === 'fma' ? (`${isa}fma` as const) : isa;
  return loaded.isas.includes(isa) && loaded.addon.isas.includes(name) ? loaded.addon[name] : undefined;
}

/** The name logs give a kernel set, e.g. `AVX-512, FMA` or `AVX2, exact`. */
export function nativeKernelName(isa: NativeIsa, arithmetic: NativeArithmetic): string {
  return `${ISA_NAMES[isa]}, ${arithmetic === 'fma' ? 'FMA' : 'exact'}`;
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
 * A fused LSTM kernel in native code, over memory it keeps aligned to 64 bytes: the instruction set and arithmetic
 * asked for, by default the fastest instruction set this CPU runs with the addon's default arithmetic
 * ({@link NativeAddonState}). Throws where the addon is missing or the CPU lacks that instruction set or FMA.
 */
export class NativeLstmKernel implements LstmKernel {
  /** `native-exact` for the exact arithmetic, whichever way it was chosen; `native` for FMA. */
  readonly kind: 'native' | 'native-exact';
  readonly base = 0;
  readonly isa: NativeIsa;
  readonly arithmetic: NativeArithmetic;
  readonly #addon: NativeAddon;
  readonly #set: NativeKernelSet;
  #view = new Float32Array(0);

  /**
   * `loaded`: another build of the addon ({@link nativeAddonAt}). @default the installed one
   * `arithmetic`: @default the addon's (`fma` where the CPU has it, unless `SEQSWEEP_LSTM_EXACT=1`)
   */
  constructor(isa?: NativeIsa, loaded: NativeAddonState = nativeLstmAddon(), arithmetic?: NativeArithmetic) {
    if (loaded.addon === null) throw new Error(`the native fused LSTM kernel cannot run here: ${loaded.reason}`);
    this.isa = isa ?? loaded.isa;
    this.arithmetic = arithmetic ?? loaded.arithmetic;
    const set = kernelSet(loaded, this.isa, this.arithmetic);
    if (!set) {
      const runs = loaded.isas.flatMap((i) => (['fma', 'exact'] as const).filter((a) => kernelSet(loaded, i, a)).map((a) => nativeKernelName(i, a)));
      throw new Error(`the native fused LSTM kernel cannot run ${ISA_NAMES[this.isa] ? nativeKernelName(this.isa, this.arithmetic) : String(isa)} here: this CPU and build run ${runs.join('; ')}`);
    }
    this.kind = this.arithmetic === 'exact' ? 'native-exact' : 'native';
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
  // Every kernel set's Adam step is the exact one (no FMA): the update is the same whichever native kernel runs.
  if (chosen === 'wasm' || chosen === 'js') return undefined;
  const loaded = nativeLstmAddon();
  const set = loaded.addon === null ? undefined : loaded.addon[loaded.isa];
  return set?.adam?.bind(set);
}
