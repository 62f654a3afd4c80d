import { afterEach, describe, it } from 'vitest';
import { MemoryBroker } from './memory/memory-broker.js';
import { MemoryTransport } from './memory/memory-transport.js';
import { describeTransportConformance } from './testing/conformance.js';

describeTransportConformance(
  'MemoryTransport',
  async () => {
    const broker = new MemoryBroker();
    return {
      open: async () => new MemoryTransport({ broker }),
      publishRaw: async (subject, data) => broker.publishRaw(`seqsweep.${subject}`, Buffer.from(data)),
      close: async () => broker.dispose(),
    };
  },
  { describe, it, afterEach },
);
