// The worker processes of a chaos run. The harness SIGKILLs some of them on purpose and starts a replacement for
// each; a worker that exits on its own is also replaced, and recorded, since a worker must outlive server restarts.
import { join } from 'node:path';
import { SeqsweepProcess } from './processes.mjs';

const READY = /^worker \S+ ready on /;
/** A worker's line when the server refused its result because another delivery of the trial stored one first. */
const REFUSED_DUPLICATE = /result was dropped as a duplicate/;
/** Before a worker that exited on its own is replaced: a server that is down refuses a new one at once. */
const RESPAWN_DELAY_MS = 500;

/** N `seqsweep worker` processes, kept at N. */
export class WorkerFleet {
  /**
   * @param {{ count: number; args: string[]; logDir: string; name: string; log: (line: string) => void }} options
   */
  constructor(options) {
    this.o = options;
    /** @type {{ id: string; proc: SeqsweepProcess; ready: boolean }[]} */
    this.slots = [];
    /** @type {{ worker: string; exit: string; afterReady: boolean }[]} */
    this.unexpectedExits = [];
    this.started = 0;
    /** Results the server refused as duplicates, as the workers reported them. */
    this.refusedDuplicates = 0;
    this.stopping = false;
  }

  start() {
    for (let i = 0; i < this.o.count; i++) this.slots.push(this.#spawn(i));
  }

  /** Resolves once every worker started so far said it is ready (it connected and set up the streams). */
  async allReady() {
    await Promise.all(this.slots.map((s) => s.proc.waitForLine(READY)));
  }

  /** Workers that said they are ready and still run. */
  get ready() {
    return this.slots.filter((s) => s.ready && s.proc.running);
  }

  /**
   * SIGKILLs a random ready worker and starts another in its slot; waits for one to be ready first.
   * @param {{ int(n: number): number }} rng
   * @returns {Promise<string>} the id of the worker killed
   */
  async killRandom(rng) {
    while (this.ready.length === 0) await Promise.race(this.slots.map((s) => s.proc.waitForLine(READY).catch(() => undefined)));
    const candidates = this.ready;
    const victim = candidates[rng.int(candidates.length)];
    await victim.proc.kill();
    const index = this.slots.indexOf(victim);
    this.slots[index] = this.#spawn(index);
    return victim.id;
  }

  /** Stops every worker (SIGTERM hands a running trial back). */
  async stop() {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => s.proc.stop()));
  }

  /** @param {number} index */
  #spawn(index) {
    const id = `${this.o.name}-w${index + 1}.${this.started++}`;
    const proc = new SeqsweepProcess(id, ['worker', ...this.o.args], {
      env: { SEQSWEEP_WORKER_ID: id }, logFile: join(this.o.logDir, 'workers.log'),
      onLine: (line) => {
        if (REFUSED_DUPLICATE.test(line)) this.refusedDuplicates++;
      },
    });
    const slot = { id, proc, ready: false };
    proc.waitForLine(READY, 10 * 60_000).then(() => (slot.ready = true), () => undefined);
    void proc.exited.then(({ code, signal }) => {
      if (proc.killedByHarness || this.stopping) return;
      const exit = signal ?? `code ${code}`;
      this.unexpectedExits.push({ worker: id, exit, afterReady: slot.ready });
      this.o.log(`worker ${id} exited on its own (${exit}, ${slot.ready ? 'after' : 'before'} it was ready):\n${proc.tail(15)}`);
      setTimeout(() => {
        if (this.stopping || this.slots[index] !== slot) return;
        this.slots[index] = this.#spawn(index);
      }, RESPAWN_DELAY_MS);
    });
    return slot;
  }
}
