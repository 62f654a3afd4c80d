/**
 * The fused LSTM in WebAssembly SIMD, built from assembly/*.ts (AssemblyScript) and carried base64 in
 * lstm-wasm.generated.ts. The module is compiled once per process; each kernel is its own instance with its own
 * memory, so the state a forward pass keeps for backward stays where it is, with no copy.
 */
import type { LstmKernel } from './lstm-kernel.js';
import type { LstmLayout } from './lstm-layout.js';
import { LSTM_WASM_BASE64 } from './lstm-wasm.generated.js';

// The compiler's libraries here (ES2023 + node) leave out the WebAssembly API; these are the parts used.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly __brand: 'WebAssembly.Module';
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
};

interface LstmExports {
  readonly memory: WasmMemory;
  workspaceBase(): number;
  forward(...args: number[]): void;
  infer(...args: number[]): void;
  backward(...args: number[]): void;
}

const PAGE = 65536;

// undefined: not tried yet; null: this runtime has no WebAssembly SIMD.
let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly SIMD does not validate. Compiles once per process. */
export function lstmWasmModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  const text = atob(LSTM_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

/** A fused LSTM kernel in WebAssembly SIMD. Throws where the runtime cannot run it (see {@link lstmWasmModule}). */
export class WasmLstmKernel implements LstmKernel {
  readonly kind = 'wasm';
  readonly base: number;
  readonly #exports: LstmExports;
  #view: Float32Array;

  constructor() {
    const module = lstmWasmModule();
    if (module === null) throw new Error('this JavaScript runtime cannot run WebAssembly SIMD; use the js fused LSTM kernel');
    this.#exports = new WebAssembly.Instance(module, {}).exports as unknown as LstmExports;
    this.base = this.#exports.workspaceBase() / 4;
    this.#view = new Float32Array(this.#exports.memory.buffer);
  }

  reserve(floats: number): void {
    const memory = this.#exports.memory;
    const missing = floats * 4 - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
    if (this.#view.buffer !== memory.buffer) this.#view = new Float32Array(memory.buffer);
  }

  memory(): Float32Array {
    return this.#view;
  }

  forward(layout: LstmLayout, allSteps: boolean): void {
    const { batch, steps, features, units } = layout.dims;
    const o = layout.offsets;
    this.#exports.forward(batch, steps, features, units, layout.padded, allSteps ? 1 : 0,
      4 * o.x, 4 * o.w, 4 * o.u, 4 * o.bias, 4 * o.wT, 4 * o.uT, 4 * o.xT, 4 * o.gates, 4 * o.hs, 4 * o.cs, 4 * o.tcs, 4 * o.y);
  }

  infer(layout: LstmLayout, allSteps: boolean): void {
    const { batch, steps, features, units } = layout.dims;
    const o = layout.offsets;
    this.#exports.infer(batch, steps, features, units, layout.padded, layout.chunk, allSteps ? 1 : 0,
      4 * o.x, 4 * o.w, 4 * o.u, 4 * o.bias, 4 * o.wT, 4 * o.uT, 4 * o.xT, 4 * o.gates, 4 * o.hs, 4 * o.cs, 4 * o.y);
  }

  backward(layout: LstmLayout, allSteps: boolean): void {
    const { batch, steps, features, units } = layout.dims;
    const o = layout.offsets;
    this.#exports.backward(batch, steps, features, units, layout.padded, allSteps ? 1 : 0,
      4 * o.w, 4 * o.u, 4 * o.xT, 4 * o.gates, 4 * o.hs, 4 * o.cs, 4 * o.tcs,
      4 * o.dy, 4 * o.dyT, 4 * o.dh, 4 * o.dc, 4 * o.dW, 4 * o.dU, 4 * o.db, 4 * o.dx);
  }
}
