#!/usr/bin/env node
// Scaling across local worker processes: one fixed toy sweep (12 grid points x 2 folds, then the best 2 x 2 folds,
// every trial the same size, no final retrain) run through the CLI with 1 and then 2 local workers. Prints the
// wall time of each and the speed-up (target: at least 1.8x on 2 cores). It also prints the mean trial time
// the CLI reports (a trial that takes longer with 2 workers means the 2 cores were not both free) and the load
// average before each run: other processes on the machine distort the figure. Build first (npm install).
//
//   node tools/bench/scaling.mjs [--workers 1,2] [--samples 4000] [--epochs 8] [--node-flags="--single-threaded-gc"]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const { values: opts } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2' }, samples: { type: 'string', default: '4000' }, epochs: { type: 'string', default: '8' },
    'node-flags': { type: 'string', default: '' },
  },
});
const workerCounts = opts.workers.split(',').map(Number);
const samples = Number(opts.samples);
const epochs = Number(opts.epochs);
// V8 flags for the CLI and the local worker processes it forks (they inherit them), e.g. --node-flags=--single-threaded-gc
const nodeFlags = opts['node-flags'].split(' ').filter(Boolean);

/** Every trial trains the same budget, and each stage's trial count is even, so 2 workers never wait on 1 trial. */
function spec() {
  return {
    name: 'scaling', seed: 7,
    task: { name: 'toy', samples, length: 50 },
    model: { name: 'lstm-ae', hiddenSize: 16 },
    train: { epochs, batchSize: 32, optimizer: 'adam', learningRate: 0.01, gradientClip: 1 },
    grid: { learningRate: [0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.012, 0.015, 0.02] },
    stages: { filter: { folds: 2, epochs, keep: 2 }, evaluate: { folds: 2, epochs } },
    final: { retrain: false },
  };
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`seqsweep ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`))));
  });
}

/** The mean of the trial durations in the CLI's progress lines (`(local-1, 0.8s)`), or undefined if none. */
function meanTrialSeconds(out) {
  const times = [...out.matchAll(/\(local-\d+, ([\d.]+)s\)/g)].map((m) => Number(m[1]));
  return times.length ? times.reduce((a, b) => a + b, 0) / times.length : undefined;
}

const dir = await mkdtemp(join(tmpdir(), 'seqsweep-scaling-'));
try {
  const path = join(dir, 'scaling.json');
  await writeFile(path, JSON.stringify(spec()));
  console.log(`cores: ${availableParallelism()}; sweep: 12 points x 2 folds + 2 x 2 folds = 28 trials of ${epochs} epochs on toy(${samples} x 50)`);
  const rows = [];
  for (const workers of workerCounts) {
    const load = loadavg()[0];
    const t0 = performance.now();
    const out = await run(['run', path, '--workers', String(workers), '--no-tui', '--out', join(dir, `runs-${workers}`)]);
    const wallS = (performance.now() - t0) / 1000;
    const trialS = meanTrialSeconds(out);
    rows.push({ workers, wallS });
    console.log(JSON.stringify({ workers, wallS: +wallS.toFixed(2), trialsPerS: +(28 / wallS).toFixed(3), meanTrialS: trialS && +trialS.toFixed(3), loadBefore: +load.toFixed(2) }));
  }
  const one = rows.find((r) => r.workers === 1);
  for (const r of rows) if (one && r.workers > 1) console.log(`speed-up with ${r.workers} workers: ${(one.wallS / r.wallS).toFixed(2)}x (target >= 1.8x on 2 cores)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
