#!/usr/bin/env node
// Start-up of the seqsweep command against a bare `node -e 0`: `seqsweep --help` and `seqsweep plan
// examples/toy.yaml`, each run --runs times (default 5) side by side, interleaved, so a load that comes and goes on
// the machine falls on all three alike. It prints the median wall time of each, the ratios to node -e 0 against
// the targets (--help within 3x, plan within 4x), the peak RSS of each, and the RSS of `seqsweep watch` at start:
// a watch on a sweep recorded on a nats-server that this script starts on a random loopback port with a temporary
// store, read from /proc/<pid>/status once watch has printed its first line. Then `seqsweep run` on a small sweep
// (two one-epoch toy trials, one local worker, --no-tui): the time to its sweep line, to its first trial's result
// and to its exit; --against another build's main.js runs it in turn with this one and prints the ratios.
//
//   node tools/bench/startup.mjs [--runs 5] [--nats-server /usr/sbin/nats-server] [--cli other/packages/cli/dist/main.js]
//                                [--against other/packages/cli/dist/main.js]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    runs: { type: 'string', default: '5' },
    'nats-server': { type: 'string', default: '/usr/sbin/nats-server' },
    // Another build of the command (another checkout's packages/cli/dist/main.js), to compare before and after.
    cli: { type: 'string', default: fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url)) },
    against: { type: 'string' },
  },
});
const RUNS = Number(opts.runs);
const CLI = opts.cli;
const TOY = fileURLToPath(new URL('../../examples/toy.yaml', import.meta.url));
const TARGETS = { help: 3, plan: 4 };

const cases = [
  { id: 'node', label: 'node -e 0', args: ['-e', '0'] },
  { id: 'help', label: 'seqsweep --help', args: [CLI, '--help'] },
  { id: 'plan', label: 'seqsweep plan examples/toy.yaml', args: [CLI, 'plan', TOY] },
];

/** Runs `node args` to its end; resolves with its wall time (ms) and exit code. Output is discarded. */
function timed(args, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ ms: performance.now() - t0, code }));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A sweep of two one-epoch toy trials: what `run` costs before and around its first trial. */
const SMALL_SWEEP = {
  name: 'startup', seed: 1, task: { name: 'toy', samples: 200, length: 50 }, model: { name: 'lstm-ae', hiddenSize: 8 },
  train: { epochs: 1, batchSize: 32 }, grid: { learningRate: [0.01] }, stages: { filter: { folds: 2, epochs: 1 } }, final: { retrain: false },
};

/**
 * `cli run <spec> --workers 1 --no-tui` to its end: ms from the start to its `sweep` line, to its first trial's
 * result line, and to its exit.
 */
function runTimes(cli, spec, out) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const at = {};
    const child = spawn(process.execPath, [cli, 'run', spec, '--workers', '1', '--no-tui', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const onData = (d) => {
      text += d.toString();
      if (at.sweep === undefined && /^sweep /m.test(text)) at.sweep = performance.now() - t0;
      if (at.first === undefined && / completed /.test(text)) at.first = performance.now() - t0;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 && at.first !== undefined
      ? resolve({ ...at, exit: performance.now() - t0 })
      : reject(new Error(`${cli} run exited ${code}: ${text.slice(-2000)}`))));
  });
}

/** Peak RSS (MiB) of one run of `args`: a preload writes `process.resourceUsage().maxRSS` at exit. */
async function peakRss(args, dir) {
  const out = join(dir, `rss-${Math.random().toString(36).slice(2)}.txt`);
  const preload = join(dir, 'rss-preload.cjs');
  await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`);
  await timed(['--require', preload, ...args]);
  return Number(await readFile(out, 'utf8')) / 1024;
}

/** Starts nats-server on a random loopback port (-p -1) and resolves with its URL once it listens. */
function startNats(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(opts['nats-server'], ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', join(dir, 'js')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const early = (code) => reject(new Error(`nats-server exited (${code}): ${log}`));
    child.once('error', reject);
    child.once('exit', early);
    const onLog = (d) => {
      log += d.toString();
      const port = /Listening for client connections on 127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port && /Server is ready/.test(log)) {
        child.off('exit', early);
        child.stderr.off('data', onLog);
        child.stderr.resume();
        resolve({ child, url: `nats://127.0.0.1:${port}` });
      }
    };
    child.stderr.on('data', onLog);
  });
}

/** Starts `seqsweep args`; resolves with the child once a stdout or stderr line matches `pattern`. */
function startCli(args, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const onData = (d) => {
      text += d.toString();
      if (pattern.test(text)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`seqsweep ${args[0]} exited (${code}) before its first line: ${text}`)));
  });
}

const stop = (child) => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.removeAllListeners('exit');
  child.once('exit', resolve);
  child.kill('SIGTERM');
});

/** RSS (MiB) of `seqsweep watch` at its first line, on a running sweep that no worker serves. */
async function watchRss(dir) {
  const nats = await startNats(dir);
  const started = [];
  try {
    const coordinator = await startCli(['run', TOY, '--nats', nats.url, '--workers', '0', '--no-tui', '--out', join(dir, 'runs')], /stage filter/);
    started.push(coordinator);
    const watch = await startCli(['watch', '--nats', nats.url], /\n/);
    started.push(watch);
    const status = await readFile(`/proc/${watch.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s*(\d+) kB/m.exec(status)[1]) / 1024;
  } finally {
    for (const c of started.reverse()) await stop(c);
    await stop(nats.child);
  }
}

printMachine();
console.log(`measured at ${new Date().toISOString()}`);
console.log(`${CLI}: ${RUNS} runs of each, interleaved; the medians`);
const dir = await mkdtemp(join(tmpdir(), 'seqsweep-startup-'));
try {
  const times = Object.fromEntries(cases.map((c) => [c.id, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      const { ms, code } = await timed(c.args);
      if (code !== 0) throw new Error(`${c.label} exited ${code}`);
      times[c.id].push(ms);
    }
  }
  const base = median(times.node);
  for (const c of cases) {
    const ms = median(times[c.id]);
    const rss = await peakRss(c.args, dir);
    const ratio = ms / base;
    const target = TARGETS[c.id];
    const verdict = target ? `  ${ratio.toFixed(2)}x node -e 0 (target ${target}x: ${ratio <= target ? 'met' : 'not met'})` : '';
    console.log(`${c.label.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  peak RSS ${rss.toFixed(0).padStart(4)} MiB${verdict}`);
  }
  console.log(`${'seqsweep watch (at its first line)'.padEnd(32)} ${''.padStart(9)}  RSS      ${(await watchRss(dir)).toFixed(0).padStart(4)} MiB`);
  // `run` on a small sweep (two one-epoch toy trials, one local worker): the command's own start-up is what stands
  // between it and its workers, who load tfjs. With --against, another build's command in turn with this one.
  const spec = join(dir, 'small.json');
  await writeFile(spec, JSON.stringify(SMALL_SWEEP));
  const builds = [CLI, ...(opts.against ? [opts.against] : [])];
  const runs = Object.fromEntries(builds.map((b) => [b, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const b of builds) runs[b].push(await runTimes(b, spec, join(dir, `runs-${i}`)));
  }
  console.log(`seqsweep run, 2 one-epoch toy trials, 1 local worker, --no-tui (medians of ${RUNS}, ms from the start):`);
  const row = (b) => ({ sweep: median(runs[b].map((r) => r.sweep)), first: median(runs[b].map((r) => r.first)), exit: median(runs[b].map((r) => r.exit)) });
  for (const b of builds) {
    const r = row(b);
    console.log(`  ${b}\n    its sweep line ${r.sweep.toFixed(0).padStart(6)}   first trial's result ${r.first.toFixed(0).padStart(6)}   exit ${r.exit.toFixed(0).padStart(6)}`);
  }
  if (opts.against) {
    const [a, b] = [row(CLI), row(opts.against)];
    console.log(`  --against / --cli: sweep line ${(b.sweep / a.sweep).toFixed(2)}x, first result ${(b.first / a.first).toFixed(2)}x, exit ${(b.exit / a.exit).toFixed(2)}x`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
