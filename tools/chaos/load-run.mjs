// The load run, shared by tools/chaos/load.mjs (the full run: 2 workers, 1,000, 10,000 and 100,000 trials) and
// test/load.test.ts (a short one inside npm test). One nats-server on a random port with a temporary file store,
// N `seqsweep worker` processes, and for each sweep size one coordinator (`seqsweep run --nats ... --no-tui`) whose
// RSS and CPU time are sampled from /proc while it runs. A tiny sweep first measures what a run costs regardless of
// its size.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServer } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { cli, writeNoopSpec } from '../lib/noop-sweep.mjs';

const READY = /^worker \S+ ready on /;
const SWEEP = /^sweep (\S+)$/;
// The plain progress lines of the TUI package (`[+12s] filter 3/12 ...`), as run --no-tui prints them.
const RESULT = /^\[[^\]]+\] (filter|evaluate|final) (\d+)\/(\d+) /;
/** Trials of the sweep that measures a run's fixed cost. */
const FIXED_TRIALS = 13;
const SAMPLE_MS = 100;

/** @type {import('./load-run.mjs').LoadLimits} */
export const LOAD_LIMITS = Object.freeze({ rssMiB: 1024, perTrialRatio: 1.5 });

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time (user plus system) a process has used so far, in ms, or undefined once it is gone.
 * @param {number} pid
 */
export async function cpuMsOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces: the fields after it start past its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : undefined;
}

/**
 * VmRSS and VmHWM of a process, in KiB, or undefined once it is gone. A process that has exited but is not yet
 * reaped (a zombie) still has a status file, without the memory lines: that counts as gone, not as NaN (which
 * would poison every maximum taken after it).
 * @param {number} pid
 */
export async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (!status) return undefined;
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const [rssKiB, hwmKiB] = [kib('VmRSS'), kib('VmHWM')];
  if (Number.isNaN(rssKiB) || Number.isNaN(hwmKiB)) return undefined;
  return { rssKiB, hwmKiB };
}

/**
 * Samples a process's memory every SAMPLE_MS until `stop()`; the peak is the largest VmHWM (the kernel's own
 * high-water mark, so a spike between two samples still counts) or VmRSS seen.
 * @param {number} pid
 */
function sampleMemory(pid) {
  let peakKiB = 0;
  let samples = 0;
  let cpuMs = 0;
  const take = async () => {
    const [m, cpu] = await Promise.all([memoryOf(pid), cpuMsOf(pid)]);
    if (cpu !== undefined) cpuMs = Math.max(cpuMs, cpu);
    if (!m) return;
    samples++;
    peakKiB = Math.max(peakKiB, m.hwmKiB, m.rssKiB);
  };
  const timer = setInterval(() => void take(), SAMPLE_MS);
  void take();
  return {
    // The CPU time is the last sample's: at most SAMPLE_MS of the process's end is missed.
    stop: async () => {
      clearInterval(timer);
      await take();
      return { peakKiB, samples, cpuMs };
    },
  };
}

/**
 * Runs one sweep to the end with a coordinator process and measures it.
 * @param {{ nats: string[]; dir: string; out: string; size: number; log: (line: string) => void }} o
 */
async function runSweep(o) {
  const spec = await writeNoopSpec(o.dir, o.size, `load-${o.size}-${Date.now()}.json`, { name: `load-${o.size}` });
  /** @type {number[]} receipt time of each result line, in ms since the start */
  const resultAt = [];
  let sweepId = '';
  const t0 = performance.now();
  const run = cli(['run', spec.path, ...o.nats, '--out', o.out, '--no-tui', '--max-trials', String(spec.total + 10)], {
    onLine: (line) => {
      if (RESULT.test(line)) resultAt.push(performance.now() - t0);
      else if (SWEEP.test(line)) sweepId = SWEEP.exec(line)[1];
    },
  });
  const memory = sampleMemory(run.child.pid);
  const exited = await run.exited.then(() => undefined, (e) => e);
  const { peakKiB, samples, cpuMs } = await memory.stop();
  if (exited) throw exited;
  const wallMs = performance.now() - t0;
  const results = JSON.parse(await readFile(join(o.out, sweepId, 'results.json'), 'utf8'));
  const ids = results.trials.map((t) => t.id);
  const row = {
    trials: spec.total,
    wallMs: Math.round(wallMs),
    peakRssMiB: +(peakKiB / 1024).toFixed(1),
    rssSamples: samples,
    cpuMs: Math.round(cpuMs),
    // The middle 80% of the results, as the coordinator reported them: the pace of a sweep under way.
    steadyMsPerTrial: steadyPace(resultAt),
    recorded: ids.length,
    unique: new Set(ids).size,
    completed: results.trials.filter((t) => t.status === 'completed').length,
    workers: new Set(results.trials.map((t) => t.worker)).size,
  };
  o.log(`sweep of ${row.trials} trials: ${(wallMs / 1000).toFixed(1)} s, coordinator peak RSS ${row.peakRssMiB} MiB (${samples} samples), CPU ${(row.cpuMs / 1000).toFixed(1)} s, ${row.unique} trials recorded by ${row.workers} workers`);
  return row;
}

/** Milliseconds per result between the 10th and the 90th percentile of the results, or null for too few. */
function steadyPace(at) {
  if (at.length < 20) return null;
  const a = Math.floor(at.length * 0.1);
  const b = Math.floor(at.length * 0.9);
  return +((at[b] - at[a]) / (b - a)).toFixed(3);
}

/**
 * Starts `count` workers and resolves once every one is ready.
 * @param {{ count: number; nats: string[]; timeoutMs: number }} o
 */
async function startWorkers(o) {
  const fleet = Array.from({ length: o.count }, (_, i) => {
    let ready;
    const isReady = new Promise((resolve) => (ready = resolve));
    const proc = cli(['worker', ...o.nats], { wait: false, env: { SEQSWEEP_WORKER_ID: `load-${i + 1}` }, onLine: (l) => READY.test(l) && ready() });
    return { proc, isReady };
  });
  let timer;
  const deadline = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the ${o.count} workers were not all ready within ${o.timeoutMs} ms`)), o.timeoutMs)));
  const died = Promise.race(fleet.map((w, i) => w.proc.exited.then((out) => {
    throw new Error(`worker load-${i + 1} exited before it was ready:\n${out.slice(-2000)}`);
  })));
  try {
    await Promise.race([Promise.all(fleet.map((w) => w.isReady)), deadline, died]);
  } finally {
    clearTimeout(timer);
  }
  died.catch(() => undefined);
  return fleet;
}

/** The median, smallest and largest of `values`, and their sum. */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1), total: sorted.reduce((s, v) => s + v, 0) };
}

/**
 * The load run: `workers` worker processes, a fixed-cost sweep of 13 trials (twice: the faster counts), then one
 * sweep of each of `sizes`. Per-trial overhead of a size is its wall time less the fixed cost, over its trials.
 * @param {import('./load-run.mjs').LoadOptions} options
 * @returns {Promise<import('./load-run.mjs').LoadReport>}
 */
export async function runLoad(options) {
  const log = options.log ?? (() => undefined);
  const server = await startNatsServer();
  const dir = await mkdtemp(join(tmpdir(), 'seqsweep-load-'));
  const nats = ['--nats', server.url, '--prefix', 'load'];
  let fleet = [];
  try {
    log(`starting ${options.workers} workers on ${server.url}`);
    const t0 = performance.now();
    fleet = await startWorkers({ count: options.workers, nats, timeoutMs: testDeadline(options.workerStartTimeoutMs ?? 180_000) });
    const readyMs = Math.round(performance.now() - t0);
    const idle = (await Promise.all(fleet.map((w) => memoryOf(w.proc.child.pid)))).filter(Boolean).map((m) => m.rssKiB / 1024);
    log(`${fleet.length} workers ready in ${(readyMs / 1000).toFixed(1)} s; worker RSS median ${spread(idle).median.toFixed(0)} MiB, all together ${spread(idle).total.toFixed(0)} MiB`);
    const sweep = (size) => runSweep({ nats, dir, out: join(dir, 'runs'), size, log });
    const fixedRuns = [await sweep(FIXED_TRIALS), await sweep(FIXED_TRIALS)];
    const fixed = fixedRuns.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b));
    const rows = [];
    for (const size of options.sizes) {
      const row = await sweep(size);
      rows.push({ ...row, perTrialMs: +((row.wallMs - fixed.wallMs) / (row.trials - fixed.trials)).toFixed(3) });
    }
    const peaks = (await Promise.all(fleet.map((w) => memoryOf(w.proc.child.pid)))).filter(Boolean).map((m) => m.hwmKiB / 1024);
    const workersAlive = fleet.filter((w) => w.proc.child.exitCode === null).length;
    return {
      workers: options.workers, workersAlive, workersReadyMs: readyMs,
      workerRssMiB: { idleMedian: +spread(idle).median.toFixed(1), idleTotal: +spread(idle).total.toFixed(1), peakMax: +spread(peaks).max.toFixed(1) },
      fixed, rows,
    };
  } finally {
    for (const w of fleet) w.proc.child.kill('SIGTERM');
    await Promise.all(fleet.map((w) => w.proc.exited));
    await server.stop();
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What is wrong with a load report that does not depend on the machine's speed, one sentence each: a trial
 * recorded twice or missing, a worker that died. test/load.test.ts holds a run to these (and to an absolute memory
 * limit); ratios of timings stay with the full run, which prints them.
 * @param {import('./load-run.mjs').LoadReport} report
 * @returns {string[]}
 */
export function correctnessProblems(report) {
  const problems = [];
  for (const r of [report.fixed, ...report.rows]) {
    if (r.recorded !== r.trials || r.unique !== r.trials || r.completed !== r.trials) {
      problems.push(`the sweep of ${r.trials} trials recorded ${r.recorded} (${r.unique} distinct, ${r.completed} completed)`);
    }
  }
  if (report.workersAlive !== report.workers) problems.push(`${report.workers - report.workersAlive} of ${report.workers} workers died`);
  return problems;
}

/**
 * What is wrong with a load report, one sentence each: {@link correctnessProblems}, the coordinator's peak RSS over
 * `limits.rssMiB` at any size, or the per-trial overhead growing with the sweep's size beyond `limits` (largest size
 * against the smallest).
 * The full run (tools/chaos/load.mjs) judges by these; a test must not, since a busy machine moves the timings.
 * @param {import('./load-run.mjs').LoadReport} report
 * @param {import('./load-run.mjs').LoadLimits} [limits]
 * @returns {string[]}
 */
export function loadProblems(report, limits = LOAD_LIMITS) {
  const problems = correctnessProblems(report);
  const [first, last] = [report.rows[0], report.rows.at(-1)];
  const { perTrialRatio } = ratios(report);
  for (const row of report.rows) {
    if (row.peakRssMiB > limits.rssMiB) problems.push(`coordinator peak RSS ${row.peakRssMiB} MiB at ${row.trials} trials (limit ${limits.rssMiB} MiB)`);
  }
  if (perTrialRatio > limits.perTrialRatio) problems.push(`overhead per trial ${last.perTrialMs} ms at ${last.trials} trials is ${perTrialRatio}x the ${first.perTrialMs} ms at ${first.trials} (limit ${limits.perTrialRatio}x)`);
  return problems;
}

/**
 * Largest size against smallest: peak RSS and per-trial overhead (and the steady pace, for information).
 * @param {import('./load-run.mjs').LoadReport} report
 */
export function ratios(report) {
  const [first, last] = [report.rows[0], report.rows.at(-1)];
  const r = (a, b) => (a && b ? +(a / b).toFixed(2) : null);
  return {
    rssRatio: r(last.peakRssMiB, first.peakRssMiB), perTrialRatio: r(last.perTrialMs, first.perTrialMs),
    steadyRatio: r(last.steadyMsPerTrial, first.steadyMsPerTrial), cpuPerTrialRatio: r(last.cpuMs / last.trials, first.cpuMs / first.trials),
  };
}
