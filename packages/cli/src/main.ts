#!/usr/bin/env node
// React (in the TUI) runs its slow development build unless told otherwise.
process.env.NODE_ENV ??= 'production';
const { main } = await import('./cli.js');
import { processIo } from './process-io.js';

// The command closes what it opened (NATS connections, local workers, the TUI's stdin), so the process ends by
// itself once the exit code is set. A process forked with an IPC channel (a local worker, or one of `worker
// --concurrency N`) is kept alive by that channel, which it is done with.
process.exitCode = await main(process.argv.slice(2), processIo());
if (process.connected) process.disconnect();
