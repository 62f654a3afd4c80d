export { IpcTransport, type IpcChannel } from './client.js';
export { serveTransport, type IpcEndpoint, type BridgeHandle, type ServeOptions } from './serve.js';
