// One sweep over NATS with a coordinator and a fleet of workers, with faults injected on a schedule keyed to the
// sweep's progress: SIGKILL a random worker (and start another), stop and start the nats-server (same port, same
// store), SIGKILL the coordinator and continue with `seqsweep resume`. With no faults it is the reference run.
import { join } from 'node:path';
import { SeqsweepProcess } from './processes.mjs';
import { WorkerFleet } from './fleet.mjs';

/** The share of the planned trials over which faults are spread (from 5% of them on). */
const SPREAD = 0.65;
// The plain progress lines of the TUI package (`[+12s] filter 3/12 ...`), as run --no-tui prints them.
const RESULT_LINE = /^\[[^\]]+\] (filter|evaluate|final) (\d+)\/(\d+) /;

/** Results seen so far, from the coordinators' progress lines (a resumed one replays the stored results). */
class Progress {
  constructor() {
    /** @type {Map<string, number>} */
    this.byStage = new Map();
    /** @type {Set<() => void>} */
    this.waiters = new Set();
  }

  get done() {
    let n = 0;
    for (const v of this.byStage.values()) n += v;
    return n;
  }

  /** @param {string} line */
  take(line) {
    const m = RESULT_LINE.exec(line);
    if (!m) return;
    this.byStage.set(m[1], Math.max(this.byStage.get(m[1]) ?? 0, Number(m[2])));
    for (const wake of this.waiters) wake();
  }

  /** @param {number} n */
  reached(n) {
    return new Promise((resolve) => {
      const check = () => {
        if (this.done < n) return;
        this.waiters.delete(check);
        resolve(true);
      };
      this.waiters.add(check);
      check();
    });
  }
}

/**
 * The fault schedule: the faults in a seeded random order, each fired once the sweep has that many results, spread
 * over 5% to 70% of the planned trials, so that every fault lands while trials are running even when the faults
 * before it held the sweep up.
 * @param {{ workerKills: number; serverRestarts: number; coordinatorKills: number }} counts
 * @param {number} total planned trials
 * @param {{ shuffle<T>(a: T[]): T[] }} rng
 */
export function faultSchedule(counts, total, rng) {
  const kinds = rng.shuffle([
    ...Array(counts.workerKills).fill('worker'), ...Array(counts.serverRestarts).fill('server'), ...Array(counts.coordinatorKills).fill('coordinator'),
  ]);
  return kinds.map((kind, i) => ({ kind, at: Math.max(1, Math.round(total * (0.05 + (SPREAD * (i + 0.5)) / kinds.length))) }));
}

/**
 * Runs one sweep to its end under the given faults.
 * @param {import('./harness.mjs').SweepRunOptions} o
 */
export async function runSweep(o) {
  const t0 = performance.now();
  const conn = ['--nats', o.server.url, '--prefix', o.prefix, ...(o.connArgs ?? [])];
  const progress = new Progress();
  const events = [];
  const injected = { workerKills: 0, serverRestarts: 0, coordinatorKills: 0 };
  /** @type {string[]} */
  const coordinatorCrashes = [];
  let finish = (/** @type {number | null} */ _code) => undefined;
  const finished = new Promise((resolve) => (finish = resolve));
  const coordinatorLog = join(o.workDir, `${o.prefix}-coordinator.log`);
  const startCoordinator = (/** @type {string[]} */ args) => {
    const proc = new SeqsweepProcess(`${o.prefix} coordinator`, [...args, ...conn, '--out', o.outDir, '--no-tui'], {
      logFile: coordinatorLog, onLine: (l) => progress.take(l),
    });
    void proc.exited.then(({ code, signal }) => {
      if (proc.killedByHarness) return;
      if (code !== 0) coordinatorCrashes.push(`${proc.args[0]} exited ${signal ?? `code ${code}`}:\n${proc.tail(20)}`);
      finish(code);
    });
    return proc;
  };
  const fleet = new WorkerFleet({ count: o.workers, args: conn, logDir: o.workDir, name: o.prefix, log: o.log });
  fleet.start();
  // Workers that connect first create the streams and buckets, as they do when people start them before `run`.
  if (o.workersFirst) await fleet.allReady();
  let coordinator = startCoordinator(['run', o.specPath, '--ack-wait', String(o.ackWaitMs), '--max-deliver', String(o.maxDeliver)]);
  const sweepId = (await coordinator.waitForLine(/^sweep \S+$/)).split(' ')[1];
  const note = (/** @type {string} */ what) => {
    const line = `[${((performance.now() - t0) / 1000).toFixed(1)}s] ${progress.done}/${o.total} results: ${what}`;
    events.push(line);
    o.log(line);
  };
  const deadline = new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), o.timeoutMs);
    void finished.then(() => clearTimeout(timer));
  });
  const inject = {
    worker: async () => {
      const victim = await fleet.killRandom(o.rng);
      injected.workerKills++;
      note(`SIGKILL worker ${victim} (kill ${injected.workerKills}); a replacement starts`);
    },
    server: async () => {
      if (o.server.fault) {
        // A cluster: one node is SIGKILLed and the sweep must go on with the others for a while before it is back.
        const node = await o.server.fault();
        const until = progress.done + o.serverDownResults;
        note(`SIGKILL nats-server ${node}; it is restarted after ${o.serverDownResults} more results`);
        await Promise.race([progress.reached(until), finished, deadline]);
        await o.server.restart();
        injected.serverRestarts++;
        note(`nats-server ${node} started again on its ports and store (restart ${injected.serverRestarts})`);
        return;
      }
      // The first restart is a clean stop (SIGTERM), the next a crash (SIGKILL); both keep the port and the store.
      const crash = injected.serverRestarts % 2 === 1;
      if (crash) await o.server.kill();
      else await o.server.stop();
      note(`nats-server ${crash ? 'SIGKILLed' : 'stopped'}; down for ${o.serverDownMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, o.serverDownMs));
      await o.server.restart();
      injected.serverRestarts++;
      note(`nats-server started again on the same port and store (restart ${injected.serverRestarts})`);
    },
    coordinator: async () => {
      await coordinator.kill();
      injected.coordinatorKills++;
      note(`SIGKILL coordinator; seqsweep resume ${sweepId}`);
      coordinator = startCoordinator(['resume', sweepId]);
      await coordinator.waitForLine(/^sweep \S+$/);
    },
  };
  // Faults that fall due together (a resumed coordinator catches up at once) are spaced out all the same.
  const gap = Math.max(1, Math.floor((o.total * SPREAD) / 2 / Math.max(1, o.faults.length)));
  let last = -gap;
  try {
    for (const fault of o.faults) {
      const due = Math.max(fault.at, last + gap);
      const next = await Promise.race([progress.reached(due).then(() => 'due'), finished.then(() => 'finished'), deadline]);
      if (next !== 'due') break;
      last = progress.done;
      await inject[fault.kind]();
    }
  } catch (error) {
    // A fault that could not be injected ends the run: nothing it started may outlive it.
    await coordinator.kill();
    await fleet.stop();
    throw error;
  }
  const end = await Promise.race([finished.then((code) => `exit ${code}`), deadline]);
  if (end === 'timeout') {
    note(`the sweep did not finish within ${o.timeoutMs} ms; stopping it`);
    await coordinator.kill();
  }
  await fleet.stop();
  return {
    sweepId, finished: end === 'exit 0', injected, events, coordinatorCrashes,
    workerExits: fleet.unexpectedExits, workersStarted: fleet.started, refusedDuplicates: fleet.refusedDuplicates, wallMs: performance.now() - t0,
  };
}
