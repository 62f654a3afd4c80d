import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CommandName } from './flags.js';
import { serveTransport, type Transport, type BridgeHandle } from '@seqsweep/core';

/** Internal command a forked local worker runs: it talks to its parent's transport over IPC. */
export const LOCAL_WORKER_COMMAND = '__local-worker' satisfies CommandName;

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** Why the pool has no worker left: the last thing a worker said or suffered before the pool gave up on it. */
export interface PoolFailure {
  /** E.g. `local-2 was killed by SIGKILL` or `local-1 exited with code 1: seqsweep: ...`. */
  readonly lastError: string;
  /** Workers that died since the pool started. */
  readonly deaths: number;
}

/** How a pool of local workers is started, restarted and stopped. */
export interface LocalWorkersOptions {
  readonly sweepId?: string;
  /** Receives the workers' stderr lines and the pool's own, each prefixed with the worker's name. */
  readonly log: (line: string) => void;
  readonly extraArgs?: string[];
  /**
   * Deaths of one slot within `restartWindowMs` that are each followed by a replacement; one more and the slot is
   * given up (a worker that dies at once every time, or is killed over and over as by the OOM killer).
   * @default 5
   */
  readonly maxRestarts?: number;
  /** @default 60000 */
  readonly restartWindowMs?: number;
  /**
   * How long `stop` waits after SIGTERM (which hands a running trial back) before it sends SIGKILL: short enough
   * that a stopped `run` has its workers gone before its own stop deadline (main.ts, STOP_DEADLINE_MS).
   * @default 2500
   */
  readonly stopGraceMs?: number;
  /** The script each worker runs. @default the seqsweep command, with {@link LOCAL_WORKER_COMMAND} */
  readonly entry?: string;
  /** A clock, injectable for tests. @default Date.now */
  readonly now?: () => number;
}

interface Slot {
  child: ChildProcess;
  bridge: BridgeHandle;
  /** When this slot's workers died, within the restart window. */
  deaths: number[];
  /** The last line the worker wrote that reads like an error. */
  lastErrorLine: string | undefined;
  alive: boolean;
}

const ERROR_LINE = /error|fail|refused|cannot|could not|unknown|invalid|seqsweep:/i;

/** How long `stop` waits for a SIGKILLed worker to be reaped before it stops waiting. */
const KILL_WAIT_MS = 2000;

/**
 * A pool of worker processes on this machine, served by the parent's transport. A worker that dies (killed, out of
 * memory) hands its trial straight back through the bridge, and the pool starts another in its place, up to
 * `maxRestarts` deaths per slot within `restartWindowMs`; when every slot has given up, `exhausted` resolves.
 */
export class LocalWorkers {
  readonly #slots: Slot[] = [];
  readonly #transport: Transport;
  readonly #options: LocalWorkersOptions;
  readonly #now: () => number;
  #stopping = false;
  #deaths = 0;
  #giveUp: (failure: PoolFailure) => void = () => undefined;
  /** Resolves once, when every slot has given up: nothing is left to train the sweep's trials. Never rejects. */
  readonly exhausted: Promise<PoolFailure> = new Promise((resolve) => (this.#giveUp = resolve));

  /** Forks `count` workers. Each one is a separate process, so trials train in parallel on separate cores. */
  constructor(transport: Transport, count: number, options: LocalWorkersOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    for (let i = 0; i < count; i++) this.#slots.push(this.#start(i, []));
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Workers running now (a given-up slot no longer counts). */
  get alive(): number {
    return this.#slots.filter((s) => s.alive).length;
  }

  #start(index: number, deaths: number[]): Slot {
    const name = `local-${index + 1}`;
    const entry = this.#options.entry ?? MAIN;
    const child = fork(entry, [LOCAL_WORKER_COMMAND, `--sweep=${this.#options.sweepId ?? ''}`, ...(this.#options.extraArgs ?? [])], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, SEQSWEEP_WORKER_ID: name },
    });
    const bridge = serveTransport(this.#transport, {
      send: (frame) => {
        // A worker killed while a reply is on its way (the OOM killer) breaks the pipe after this check; with a
        // callback the failed write is reported here, not as an 'error' event that would end this process. Its
        // exit, which follows, hands its trials back.
        if (child.connected) child.send(frame, (err) => {
          if (err && child.connected) this.#options.log(`[${name}] a reply could not be sent: ${err.message}`);
        });
      },
      on: (event, listener) => child.on(event, listener),
      off: (event, listener) => child.off(event, listener),
    });
    const slot: Slot = { child, bridge, deaths, lastErrorLine: undefined, alive: true };
    child.stderr?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (!line.trim()) continue;
        if (ERROR_LINE.test(line)) slot.lastErrorLine = line.trim();
        this.#options.log(`[${name}] ${line}`);
      }
    });
    child.on('exit', (code, signal) => {
      void bridge.close();
      if (this.#stopping || this.#slots[index] !== slot) return;
      this.#onDeath(index, slot, name, signal ? `was killed by ${signal}` : `exited with code ${code}`, `exited (${signal ?? `code ${code}`})`);
    });
    return slot;
  }

  #onDeath(index: number, slot: Slot, name: string, how: string, short: string): void {
    this.#deaths++;
    const now = this.#now();
    const window = this.#options.restartWindowMs ?? 60_000;
    const max = this.#options.maxRestarts ?? 5;
    const deaths = [...slot.deaths.filter((t) => now - t < window), now];
    if (deaths.length <= max) {
      this.#options.log(`[${name}] ${short}; its trial was handed back, starting another worker`);
      this.#slots[index] = this.#start(index, deaths);
      return;
    }
    slot.alive = false;
    const lastError = `${name} ${how}${slot.lastErrorLine ? ` (its last error: ${slot.lastErrorLine})` : ''}`;
    this.#options.log(`[${name}] ${short}, ${deaths.length} times within ${Math.round(window / 1000)} s; not starting it again`);
    if (this.alive === 0) this.#giveUp({ lastError, deaths: this.#deaths });
  }

  /**
   * Asks every worker to stop (SIGTERM hands running trials back) and waits for them to exit: a worker still
   * running after `stopGraceMs` is killed, so stopping never hangs on a stuck worker.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    const grace = this.#options.stopGraceMs ?? 2500;
    await Promise.all(this.#slots.map(async ({ child, bridge }) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
        const within = (ms: number): Promise<boolean> => {
          let timer: NodeJS.Timeout | undefined;
          return Promise.race([exited, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]).finally(() => clearTimeout(timer));
        };
        child.kill('SIGTERM');
        if (!(await within(grace))) {
          child.kill('SIGKILL');
          await within(KILL_WAIT_MS);
        }
      }
      await bridge.close();
    }));
  }
}
