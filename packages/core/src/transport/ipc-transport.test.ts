import { EventEmitter } from 'node:events';
import { afterEach, describe, it } from 'vitest';
import { MemoryBroker } from './memory/memory-broker.js';
import { MemoryTransport } from './memory/memory-transport.js';
import { IpcTransport, type IpcChannel } from './ipc/client.js';
import { serveTransport, type BridgeHandle, type IpcEndpoint } from './ipc/serve.js';
import { describeTransportConformance } from './testing/conformance.js';

/**
 * Two linked ends of a channel that behave as a Node IPC channel does: each frame arrives later, in order, as a
 * copy made through JSON text (child_process' default 'json' serialization).
 */
function linkedChannels(): { child: IpcChannel; parent: IpcEndpoint } {
  const toChild = new EventEmitter();
  const toParent = new EventEmitter();
  const deliver = (to: EventEmitter, frame: unknown): void => {
    const text = JSON.stringify(frame);
    setImmediate(() => to.emit('message', JSON.parse(text)));
  };
  const end = (inbox: EventEmitter, outbox: EventEmitter) => ({
    send: (frame: unknown) => deliver(outbox, frame),
    on: (_event: 'message', listener: (frame: unknown) => void) => inbox.on('message', listener),
    off: (_event: 'message', listener: (frame: unknown) => void) => inbox.off('message', listener),
  });
  return { child: end(toChild, toParent), parent: end(toParent, toChild) };
}

// The embedded default's local workers talk to the parent's in-memory transport through this bridge, so it passes
// the same suite: each transport the suite opens is an IpcTransport served by its own MemoryTransport on one broker.
// That served transport is the child's alone here, so its invalid-message reports are the child's to receive.
describeTransportConformance(
  'IpcTransport',
  async () => {
    const broker = new MemoryBroker();
    const served: { bridge: BridgeHandle; transport: MemoryTransport }[] = [];
    return {
      open: async () => {
        const { child, parent } = linkedChannels();
        const transport = new MemoryTransport({ broker });
        served.push({ bridge: serveTransport(transport, parent, { forwardInvalid: true }), transport });
        return new IpcTransport(child, 'ipc (test)');
      },
      publishRaw: async (subject, data) => broker.publishRaw(`seqsweep.${subject}`, Buffer.from(data)),
      close: async () => {
        for (const { bridge, transport } of served.splice(0)) {
          await bridge.close();
          await transport.close();
        }
        broker.dispose();
      },
    };
  },
  { describe, it, afterEach },
);
