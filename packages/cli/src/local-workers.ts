import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveTransport, type Transport, type BridgeHandle } from '@seqsweep/core';

/** Internal command a forked local worker runs: it talks to its parent's transport over IPC. */
export const LOCAL_WORKER_COMMAND = '__local-worker';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** A pool of worker processes on this machine, served by the parent's transport. */
export class LocalWorkers {
  readonly #children: { child: ChildProcess; bridge: BridgeHandle }[] = [];

  /** Forks `count` workers. Each one is a separate process, so trials train in parallel on separate cores. */
  constructor(transport: Transport, count: number, options: { sweepId?: string; log: (line: string) => void; extraArgs?: string[] }) {
    for (let i = 0; i < count; i++) {
      const child = fork(MAIN, [LOCAL_WORKER_COMMAND, `--sweep=${options.sweepId ?? ''}`, ...(options.extraArgs ?? [])], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: { ...process.env, SEQSWEEP_WORKER_ID: `local-${i + 1}` },
      });
      const bridge = serveTransport(transport, {
        send: (frame) => {
          if (child.connected) child.send(frame);
        },
        on: (event, listener) => child.on(event, listener),
        off: (event, listener) => child.off(event, listener),
      });
      child.stderr?.on('data', (d: Buffer) => {
        for (const line of d.toString().split('\n')) if (line.trim()) options.log(`[local-${i + 1}] ${line}`);
      });
      child.on('exit', () => void bridge.close());
      this.#children.push({ child, bridge });
    }
  }

  get size(): number {
    return this.#children.length;
  }

  /** Asks every worker to stop (SIGTERM hands running trials back) and waits for them to exit. */
  async stop(): Promise<void> {
    await Promise.all(this.#children.map(async ({ child, bridge }) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await bridge.close();
    }));
  }
}
