/**
 * A fused LSTM kernel plus the bookkeeping between a forward pass and its backward pass: inputs in, outputs and
 * gradients out, and a token that tells whether the state kept in the kernel's memory is still that forward's.
 */
import { JsLstmKernel } from './js-kernel.js';
import type { LstmKernel, LstmKernelKind } from './lstm-kernel.js';
import { planLstm, type LstmDims, type LstmLayout } from './lstm-layout.js';
import { nativeKernelName, nativeLstmAddon, NativeLstmKernel } from './native-kernel.js';
import { lstmWasmModule, WasmLstmKernel } from './wasm-kernel.js';

/** What a forward pass reads: x `[B, T, F]`, kernel `[F, 4H]`, recurrent kernel `[H, 4H]`, bias `[4H]`, row-major. */
export interface LstmInputs {
  readonly x: ArrayLike<number>;
  readonly kernel: ArrayLike<number>;
  readonly recurrent: ArrayLike<number>;
  readonly bias: ArrayLike<number>;
}

/** The gradients of one backward pass, shaped as the inputs. */
export interface LstmGradients {
  readonly dx: Float32Array;
  readonly dKernel: Float32Array;
  readonly dRecurrent: Float32Array;
  readonly dBias: Float32Array;
}

/** A forward pass's output and the token its backward pass presents. */
export interface LstmForward {
  /** `[B, T, H]` with all steps, else `[B, H]`. */
  readonly y: Float32Array;
  readonly token: number;
}

let processKernel: LstmKernelKind = 'auto';

const KINDS: readonly LstmKernelKind[] = ['auto', 'native', 'native-exact', 'wasm', 'js'];

/**
 * Sets the kernel that `auto` makes for the whole process (a benchmark comparing kernels; a user ruling the native
 * one out). @default 'auto' (see {@link autoLstmKernel})
 */
export function setDefaultLstmKernel(kind: LstmKernelKind): void {
  if (!KINDS.includes(kind)) throw new Error(`unknown fused LSTM kernel "${String(kind)}"; expected ${KINDS.join(', ')}`);
  processKernel = kind;
}

/** The kernel `auto` makes in this process, as {@link setDefaultLstmKernel} set it. */
export function defaultLstmKernel(): LstmKernelKind {
  return processKernel;
}

/**
 * The kind of kernel {@link createLstmKernel} makes for `kind`: `auto` resolved (the one {@link setDefaultLstmKernel}
 * set, else {@link autoLstmKernel}'s), and `native` told apart by arithmetic: `native` (FMA) where the CPU has an FMA
 * build, else `native-exact`.
 */
export function resolveLstmKernel(kind: LstmKernelKind = 'auto'): Exclude<LstmKernelKind, 'auto'> {
  const wanted = kind === 'auto' ? processKernel : kind;
  const chosen = wanted === 'auto' ? autoLstmKernel().kind : wanted;
  if (chosen !== 'native') return chosen;
  const loaded = nativeLstmAddon();
  return loaded.addon !== null && loaded.fma ? 'native' : 'native-exact';
}

/** Makes a kernel of the kind asked for; `auto` is the one {@link setDefaultLstmKernel} set, else {@link autoLstmKernel}'s. */
export function createLstmKernel(kind: LstmKernelKind = 'auto'): LstmKernel {
  const chosen = resolveLstmKernel(kind);
  if (chosen === 'native') return new NativeLstmKernel(undefined, undefined, 'fma');
  if (chosen === 'native-exact') return new NativeLstmKernel(undefined, undefined, 'exact');
  if (chosen === 'wasm') return new WasmLstmKernel();
  if (chosen === 'js') return new JsLstmKernel();
  throw new Error(`unknown fused LSTM kernel "${String(kind)}"; expected ${KINDS.join(', ')}`);
}

/** The kernel `auto` runs here, and why the faster ones were passed over. */
export interface LstmKernelChoice {
  readonly kind: Exclude<LstmKernelKind, 'auto'>;
  /** One line for logs, e.g. `native kernel (AVX-512, FMA)` or `wasm SIMD kernel (native passed over: this CPU lacks AVX-512 ...)`. */
  readonly description: string;
}

/**
 * What `auto` resolves to: native where its addon loads on an AVX-512 or AVX2 CPU (with FMA where the CPU has it,
 * unless `SEQSWEEP_LSTM_EXACT=1`), else WebAssembly SIMD, else `js`.
 */
export function autoLstmKernel(): LstmKernelChoice {
  const native = nativeLstmAddon();
  if (native.addon !== null) return { kind: native.arithmetic === 'fma' ? 'native' : 'native-exact', description: `native kernel (${nativeKernelName(native.isa, native.arithmetic)})` };
  if (lstmWasmModule() !== null) return { kind: 'wasm', description: `wasm SIMD kernel (native passed over: ${native.reason})` };
  return { kind: 'js', description: `js kernel (native passed over: ${native.reason}; this runtime has no WebAssembly SIMD)` };
}

/**
 * Runs fused LSTM passes on one kernel. Only the latest forward's state is kept: a backward whose token is older
 * (another forward ran in between) first runs its forward again from the inputs it is given.
 */
export class LstmWorkspace {
  readonly kernel: LstmKernel;
  #generation = 0;
  #kept: { readonly token: number; readonly layout: LstmLayout; readonly allSteps: boolean } | undefined;

  constructor(kernel: LstmKernel = createLstmKernel()) {
    this.kernel = kernel;
  }

  /**
   * Runs every step forward and keeps what backward needs. With `views`, y is a view into the kernel's memory,
   * valid until the next call on this workspace (the op turns it into a tensor at once), instead of a copy.
   */
  forward(dims: LstmDims, inputs: LstmInputs, allSteps: boolean, views = false): LstmForward {
    const layout = this.#load(dims, inputs, false);
    this.kernel.forward(layout, allSteps);
    const token = ++this.#generation;
    this.#kept = { token, layout, allSteps };
    return { y: this.#output(layout, allSteps, views), token };
  }

  /**
   * Runs every step forward for inference (validation, prediction): the same y as {@link forward}, bit for bit,
   * with less memory traffic and nothing kept for a backward pass. A forward's kept state is gone afterwards.
   * `views` as in {@link forward}.
   */
  infer(dims: LstmDims, inputs: LstmInputs, allSteps: boolean, views = false): Float32Array {
    const layout = this.#load(dims, inputs, true);
    this.#kept = undefined;
    this.kernel.infer(layout, allSteps);
    return this.#output(layout, allSteps, views);
  }

  #load(dims: LstmDims, inputs: LstmInputs, inference: boolean): LstmLayout {
    const layout = planLstm(dims, this.kernel.base, inference);
    const { sizes, offsets } = layout;
    this.kernel.reserve(layout.floats);
    const m = this.kernel.memory();
    for (const name of ['x', 'kernel', 'recurrent', 'bias'] as const) {
      const buffer = name === 'kernel' ? 'w' : name === 'recurrent' ? 'u' : name;
      if (inputs[name].length !== sizes[buffer]) throw new Error(`fused LSTM: ${name} has ${inputs[name].length} values, expected ${sizes[buffer]}`);
      m.set(inputs[name], offsets[buffer]);
    }
    return layout;
  }

  #output(layout: LstmLayout, allSteps: boolean, views: boolean): Float32Array {
    const length = allSteps ? layout.sizes.y : layout.dims.batch * layout.dims.units;
    return take(this.kernel.memory(), layout.offsets.y, length, views);
  }

  /**
   * Backpropagates `dy` (the shape of the forward's y) through the forward that returned `token`. `inputs` is
   * called only when that forward's state is gone. `views` as in {@link forward}, for every gradient.
   */
  backward(token: number, dims: LstmDims, allSteps: boolean, dy: ArrayLike<number>, inputs: () => LstmInputs, views = false): LstmGradients {
    if (this.#kept?.token !== token || this.#kept.allSteps !== allSteps || !sameDims(this.#kept.layout.dims, dims)) {
      this.forward(dims, inputs(), allSteps);
    }
    const { layout } = this.#kept!;
    this.#kept = undefined;
    const { offsets: o, sizes } = layout;
    const expected = allSteps ? sizes.dy : dims.batch * dims.units;
    if (dy.length !== expected) throw new Error(`fused LSTM: dy has ${dy.length} values, expected ${expected}`);
    const m = this.kernel.memory();
    m.set(dy, o.dy);
    this.kernel.backward(layout, allSteps);
    const out = (name: 'dx' | 'dW' | 'dU' | 'db'): Float32Array => take(m, o[name], sizes[name], views);
    return { dx: out('dx'), dKernel: out('dW'), dRecurrent: out('dU'), dBias: out('db') };
  }
}

function take(memory: Float32Array, offset: number, length: number, view: boolean): Float32Array {
  return view ? memory.subarray(offset, offset + length) : memory.slice(offset, offset + length);
}

function sameDims(a: LstmDims, b: LstmDims): boolean {
  return a.batch === b.batch && a.steps === b.steps && a.features === b.features && a.units === b.units;
}
