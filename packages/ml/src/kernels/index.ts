/** Fused sequence kernels: the LSTM forward pass over every step and its backpropagation through time, in one call each. */
export { fusedLstm } from './fused-lstm-op.js';
export type { FusedLstmOptions } from './fused-lstm-op.js';
export { LstmWorkspace, createLstmKernel, resolveLstmKernel, autoLstmKernel, setDefaultLstmKernel, defaultLstmKernel } from './lstm-workspace.js';
export type { LstmInputs, LstmGradients, LstmForward, LstmKernelChoice } from './lstm-workspace.js';
export { planLstm, LSTM_BUFFERS } from './lstm-layout.js';
export type { LstmDims, LstmLayout, LstmBuffer } from './lstm-layout.js';
export type { LstmKernel, LstmKernelKind } from './lstm-kernel.js';
export { lstmWasmModule } from './wasm-kernel.js';
export { nativeAddonAt, nativeLstmAddon, NativeLstmKernel, NATIVE_ISAS, FMA_TOLERANCE } from './native-kernel.js';
export type { NativeAddonState, NativeIsa, NativeArithmetic } from './native-kernel.js';
export { fastTanh, fastSigmoid } from './fast-math.js';
export { applyAdam, globalNormScale } from './fused-adam.js';
