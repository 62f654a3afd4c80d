#!/usr/bin/env node
// Scaling across local worker processes: one fixed toy sweep (12 grid points x 2 folds, then the best 2 x 2 folds,
// every trial the same size, no final retrain) run through the CLI with 1 and then 2 local workers. Prints the
// wall time of each and the speed-up (target: at least 1.8x on 2 cores). It also prints the mean trial time
// the CLI reports (a trial that takes longer with 2 workers means the 2 cores were not both free) and the load
// average before each run: other processes on the machine distort the figure. Then the peer on the same machine:
// ../shared/bench/torch_reference.py (PyTorch, one thread each) on the trials' shape, one process alone and then
// two at once, whose combined samples/s over the lone one's is PyTorch's own 2-process speed-up; seqsweep's is
// printed beside it (goal: at least 97% of PyTorch's). Build first (npm install).
//
//   node tools/bench/scaling.mjs [--workers 1,2] [--samples 4000] [--epochs 8] [--node-flags="--single-threaded-gc"]
//                                [--torch-samples 8000] [--no-torch]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { runTorch, torchMissing } from './torch-runner.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const { values: opts } = toolArgs(import.meta.url, {
  options: {
    workers: { type: 'string', default: '1,2' }, samples: { type: 'string', default: '4000' }, epochs: { type: 'string', default: '8' },
    'node-flags': { type: 'string', default: '' }, 'torch-samples': { type: 'string', default: '8000' }, 'no-torch': { type: 'boolean', default: false },
  },
});
const workerCounts = opts.workers.split(',').map(Number);
const samples = Number(opts.samples);
const epochs = Number(opts.epochs);
const GOAL = 0.97;
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

/**
 * PyTorch's own scaling on this machine: one reference process on the trials' shape (toy, T = samples' length,
 * F = 1, H = 16, batch 32), then two at once with the same work. Each times its second epoch; the pair's samples/s
 * added up over the lone one's is the speed-up (the two timed epochs overlap: both start together with the same work).
 */
async function torchScaling() {
  const config = { torch: 'ae', steps: 50, features: 1, hidden: 16, batch: 32, samples: Number(opts['torch-samples']) };
  const load = loadavg()[0];
  const alone = await runTorch(config);
  const pair = await Promise.all([runTorch(config), runTorch(config)]);
  const speedUp = (pair[0].samples_per_s + pair[1].samples_per_s) / alone.samples_per_s;
  console.log(JSON.stringify({ pytorch: alone.version, aloneSamplesPerS: alone.samples_per_s, pairSamplesPerS: pair.map((p) => p.samples_per_s), speedUp: +speedUp.toFixed(3), loadBefore: +load.toFixed(2) }));
  return speedUp;
}

printMachine({ backend: 'wasm in the forked workers' });
const dir = await mkdtemp(join(tmpdir(), 'seqsweep-scaling-'));
try {
  const path = join(dir, 'scaling.json');
  await writeFile(path, JSON.stringify(spec()));
  console.log(`sweep: 12 points x 2 folds + 2 x 2 folds = 28 trials of ${epochs} epochs on toy(${samples} x 50)`);
  const rows = [];
  for (const workers of workerCounts) {
    const load = loadavg()[0];
    const t0 = performance.now();
    const out = await run(['run', path, '--workers', String(workers), '--no-tui', '--out', join(dir, `runs-${workers}`)]);
    const wallS = (performance.now() - t0) / 1000;
    const trialS = meanTrialSeconds(out);
    rows.push({ workers, wallS, trialS });
    console.log(JSON.stringify({ workers, wallS: +wallS.toFixed(2), trialsPerS: +(28 / wallS).toFixed(3), meanTrialS: trialS && +trialS.toFixed(3), loadBefore: +load.toFixed(2) }));
  }
  const one = rows.find((r) => r.workers === 1);
  const two = rows.find((r) => r.workers === 2);
  for (const r of rows) if (one && r.workers > 1) console.log(`seqsweep speed-up with ${r.workers} workers: ${(one.wallS / r.wallS).toFixed(2)}x`);
  // The trials' own throughput, without the sweep's fixed start-up and write-out: what PyTorch's figure measures.
  const trialSpeedUp = one?.trialS && two?.trialS ? (2 * one.trialS) / two.trialS : undefined;
  if (trialSpeedUp) console.log(`seqsweep trial throughput with 2 workers: ${trialSpeedUp.toFixed(2)}x (each trial ${(two.trialS / one.trialS).toFixed(3)}x as long as alone)`);
  const missing = opts['no-torch'] ? 'PyTorch skipped (--no-torch)' : torchMissing();
  if (missing) console.log(`${missing}: no comparison with its own scaling`);
  else {
    const torch = await torchScaling();
    console.log(`PyTorch speed-up with 2 processes: ${torch.toFixed(2)}x`);
    if (one && two) {
      const share = one.wallS / two.wallS / torch;
      const verdict = (v) => (v >= GOAL ? 'met' : `missed by ${((GOAL - v) * 100).toFixed(1)} points`);
      console.log(`seqsweep's 2-worker speed-up is ${(share * 100).toFixed(1)}% of PyTorch's (goal >= ${GOAL * 100}%: ${verdict(share)})`);
      if (trialSpeedUp) console.log(`seqsweep's trial throughput speed-up is ${((trialSpeedUp / torch) * 100).toFixed(1)}% of PyTorch's (${verdict(trialSpeedUp / torch)})`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
