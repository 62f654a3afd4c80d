import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CommandName } from './flags.js';
import { serveTransport, type Transport, type BridgeHandle } from '@seqsweep/core';

/** Internal command a forked local worker runs: it talks to its parent's transport over IPC. */
export const LOCAL_WORKER_COMMAND = '__local-worker' satisfies CommandName;

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** Replacements started for one slot before the pool gives up on it (a worker that dies at once, every time). */
const MAX_RESTARTS = 5;

interface Slot {
  child: ChildProcess;
  bridge: BridgeHandle;
  restarts: number;
}

/**
 * A pool of worker processes on this machine, served by the parent's transport. A worker that dies (killed, out of
 * memory) hands its trial straight back through the bridge, and the pool starts another in its place.
 */
export class LocalWorkers {
  readonly #slots: Slot[] = [];
  readonly #transport: Transport;
  readonly #options: { sweepId?: string; log: (line: string) => void; extraArgs?: string[] };
  #stopping = false;

  /** Forks `count` workers. Each one is a separate process, so trials train in parallel on separate cores. */
  constructor(transport: Transport, count: number, options: { sweepId?: string; log: (line: string) => void; extraArgs?: string[] }) {
    this.#transport = transport;
    this.#options = options;
    for (let i = 0; i < count; i++) this.#slots.push(this.#start(i, 0));
  }

  get size(): number {
    return this.#slots.length;
  }

  #start(index: number, restarts: number): Slot {
    const name = `local-${index + 1}`;
    const child = fork(MAIN, [LOCAL_WORKER_COMMAND, `--sweep=${this.#options.sweepId ?? ''}`, ...(this.#options.extraArgs ?? [])], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, SEQSWEEP_WORKER_ID: name },
    });
    const bridge = serveTransport(this.#transport, {
      send: (frame) => {
        if (child.connected) child.send(frame);
      },
      on: (event, listener) => child.on(event, listener),
      off: (event, listener) => child.off(event, listener),
    });
    child.stderr?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line.trim()) this.#options.log(`[${name}] ${line}`);
    });
    const slot: Slot = { child, bridge, restarts };
    child.on('exit', (code, signal) => {
      void bridge.close();
      if (this.#stopping || this.#slots[index] !== slot) return;
      if (restarts >= MAX_RESTARTS) {
        this.#options.log(`[${name}] exited (${signal ?? `code ${code}`}) and failed ${MAX_RESTARTS} restarts; not starting it again`);
        return;
      }
      this.#options.log(`[${name}] exited (${signal ?? `code ${code}`}); its trial was handed back, starting another worker`);
      this.#slots[index] = this.#start(index, restarts + 1);
    });
    return slot;
  }

  /** Asks every worker to stop (SIGTERM hands running trials back) and waits for them to exit. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#slots.map(async ({ child, bridge }) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await bridge.close();
    }));
  }
}
