/**
 * @seqsweep/core: the library every other seqsweep package shares. Specs, planning, datasets, models, the
 * training loop, the wire messages and the transports. No process globals, no UI.
 */
export * from './errors.js';
export * from './messages.js';
export * from './spec/index.js';
export * from './plan/index.js';
export * from './data/index.js';
export * from './forecast/index.js';
export * from './models/index.js';
export * from './train/index.js';
export * from './transport/index.js';
export { IpcTransport, serveTransport } from './transport/ipc/index.js';
export type { IpcChannel, IpcEndpoint, BridgeHandle } from './transport/ipc/index.js';
export * from './kernels/index.js';
