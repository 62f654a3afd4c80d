/**
 * Moving values between tfjs tensors and a fused LSTM kernel's memory with as few copies as the backend allows. On
 * the wasm backend a tensor's values already lie in the backend's WebAssembly heap: they are read there in place
 * (no `dataSync` copy), and a new tensor copies its values into that heap when it is made, so it can be made from a
 * view into the kernel's memory (no intermediate array). Elsewhere these fall back to `dataSync` and to a copy.
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's BackendWasm used here (4.x); checked at run time before use. */
interface WasmBackendLike {
  readonly wasm: { readonly HEAPU8: Uint8Array };
  readonly dataIdMap: { has(dataId: object): boolean; get(dataId: object): { memoryOffset?: number | null } | undefined };
}

function wasmBackend(): WasmBackendLike | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend() as unknown as Partial<WasmBackendLike>;
  const ok = backend.wasm?.HEAPU8 instanceof Uint8Array && typeof backend.dataIdMap?.get === 'function' && typeof backend.dataIdMap.has === 'function';
  return ok ? (backend as WasmBackendLike) : undefined;
}

/**
 * A float32 tensor's values: a view into the wasm backend's heap where it lives there, valid only until the next
 * tfjs op (which may grow the heap), else `dataSync`'s array.
 */
export function tensorValues(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`fused LSTM: expected a float32 tensor, got ${t.dtype}`);
  const backend = wasmBackend();
  const dataId = t.dataId as object;
  const offset = backend?.dataIdMap.has(dataId) ? backend.dataIdMap.get(dataId)?.memoryOffset : undefined;
  if (backend && typeof offset === 'number') return new Float32Array(backend.wasm.HEAPU8.buffer, offset, t.size);
  return t.dataSync() as Float32Array;
}

/**
 * A tensor holding `values`, which may be a view into memory that changes later: the wasm backend copies values
 * into its heap as the tensor is made; other backends (cpu keeps the array it is given) get a copy.
 */
export function tensorFromView(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(wasmBackend() ? values : values.slice(), shape, 'float32');
}
