#!/usr/bin/env node
// Training throughput of the study's models with tfjs-layers' LSTM and with the fused LSTM op, on the active
// backend, beside PyTorch (../shared/bench/torch_reference.py, one thread) in the same run when /usr/bin/python3
// has torch; prints every ratio. Then: validation metrics of a toy and an MNIST-rows training with both LSTM
// implementations (same seed, so the same initial weights; plus a second seed as the noise reference), and the
// peak RSS of a worker-like process training on all of MNIST rows. Build first (npm install, or npx tsc -b).
//
//   node tools/bench/train.mjs [--backend auto|wasm|cpu] [--seconds 5] [--only ae-rows,ae-pixels,cls-rows,cls-pixels]
//                              [--no-torch] [--no-parity] [--no-rss] [--skip-slow]
// --skip-slow leaves out tfjs-layers at T=784 (about two minutes of the run).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createRng, ModelOptions, TaskOptions, TrainOptions } from '@seqsweep/core';
import { loadDataset, selectBackend, setDefaultLstmImplementation, trainModel } from '@seqsweep/ml';
import { measureThroughput } from './train-throughput.mjs';

const TORCH_REFERENCE = fileURLToPath(new URL('../../../shared/bench/torch_reference.py', import.meta.url));
const WORKER = fileURLToPath(new URL('./train-worker.mjs', import.meta.url));
const PYTHON = '/usr/bin/python3';
const { values: opts } = parseArgs({
  options: {
    backend: { type: 'string', default: 'auto' }, only: { type: 'string' }, seconds: { type: 'string', default: '5' },
    'no-torch': { type: 'boolean', default: false }, 'skip-slow': { type: 'boolean', default: false },
    'no-parity': { type: 'boolean', default: false }, 'no-rss': { type: 'boolean', default: false },
  },
});
const flag = (name) => opts[name] === true;

const CONFIGS = [
  { id: 'ae-rows', model: 'lstm-ae', torch: 'ae', steps: 28, features: 28, torchSamples: 128 * 40 },
  { id: 'ae-pixels', model: 'lstm-ae', torch: 'ae', steps: 784, features: 1, torchSamples: 128 * 8 },
  { id: 'cls-rows', model: 'lstm-ae-classifier', torch: 'ae-classifier', steps: 28, features: 28, torchSamples: 128 * 20 },
  { id: 'cls-pixels', model: 'lstm-ae-classifier', torch: 'ae-classifier', steps: 784, features: 1, torchSamples: 128 * 4 },
];

function torchAvailable() {
  if (!existsSync(PYTHON) || !existsSync(TORCH_REFERENCE)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function runTorch(c) {
  const args = [TORCH_REFERENCE, '--model', c.torch, '--seq', c.steps, '--features', c.features, '--hidden', 16, '--batch', 128,
    '--samples', c.torchSamples, '--threads', 1, '--lr', 0.01, '--clip', 1].map(String);
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (run.status !== 0) throw new Error(`torch_reference.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const fmt = (v, digits = 0) => (v === undefined ? '-' : v.toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);

async function throughputs(configs, seconds, withTorch, skipSlow) {
  const rows = [];
  for (const c of configs) {
    const row = { id: c.id, model: c.model, shape: `T=${c.steps},F=${c.features}` };
    for (const lstm of ['fused', 'layers']) {
      if (lstm === 'layers' && skipSlow && c.steps > 100) continue;
      const r = await measureThroughput({ model: c.model, steps: c.steps, features: c.features, lstm, seconds });
      row[lstm] = r.samplesPerS;
      console.log(JSON.stringify({ framework: `tfjs-${tf.getBackend()}`, lstm, config: c.id, samplesPerS: Math.round(r.samplesPerS), steps: r.steps, loss: +r.loss.toFixed(5) }));
    }
    if (withTorch) {
      const t = runTorch(c);
      row.pytorch = t.samples_per_s;
      console.log(JSON.stringify({ ...t, config: c.id }));
    }
    rows.push(row);
  }
  return rows;
}

function printTable(rows) {
  const header = ['config', 'model', 'shape', 'layers/s', 'fused/s', 'pytorch/s', 'fused/layers', 'fused/pytorch', 'layers/pytorch'];
  const lines = rows.map((r) => [r.id, r.model, r.shape, fmt(r.layers), fmt(r.fused), fmt(r.pytorch), ratio(r.fused, r.layers), ratio(r.fused, r.pytorch), ratio(r.layers, r.pytorch)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((v, i) => v.padEnd(widths[i])).join('  '));
}

/**
 * Trains the same model with each LSTM implementation from the same seed (so from the same initial weights), and
 * with the fused LSTM from a second seed, whose difference is the seed-to-seed noise; prints the last epoch's
 * validation metrics.
 */
async function parity(label, dataset, model, train, split) {
  const order = createRng(1, 'bench:parity').shuffle(Int32Array.from({ length: dataset.size }, (_, i) => i));
  const cut = Math.floor(dataset.size * split);
  const out = {};
  for (const [key, lstm, seed] of [['fused', 'fused', 1], ['layers', 'layers', 1], ['fusedSeed2', 'fused', 2]]) {
    setDefaultLstmImplementation(lstm);
    const outcome = await trainModel({ dataset, model, train, seed, trainIndices: order.subarray(0, cut), valIndices: order.subarray(cut) });
    const last = outcome.history.at(-1);
    out[key] = { valLoss: +last.valLoss.toPrecision(5), ...(last.valAccuracy === undefined ? {} : { valAccuracy: last.valAccuracy }), samplesPerS: Math.round(outcome.samplesPerSecond) };
  }
  setDefaultLstmImplementation('auto');
  console.log(JSON.stringify({ parity: label, epochs: train.epochs, ...out }));
}

function workerRss(backend) {
  const run = spawnSync(process.execPath, [WORKER, '--backend', backend], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`train-worker.mjs failed:\n${run.stderr}`);
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1));
  console.log(JSON.stringify({ worker: 'mnist rows, lstm-ae-classifier, 1 epoch', ...r }));
  console.log(`peak RSS of a worker training MNIST rows: ${r.peakRssMiB} MiB (target < 1024 MiB)`);
}

const choice = await selectBackend(opts.backend);
console.log(`backend: ${choice.name}${choice.fallbacks.length ? ` (passed over: ${choice.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')})` : ''}`);
const only = opts.only?.split(',');
const withTorch = !flag('no-torch') && torchAvailable();
if (!withTorch) console.log(flag('no-torch') ? 'PyTorch skipped (--no-torch)' : `PyTorch not found (${PYTHON} -c "import torch" failed): no ratios against it`);
const rows = await throughputs(CONFIGS.filter((c) => !only || only.includes(c.id)), Number(opts.seconds), withTorch, flag('skip-slow'));
printTable(rows);
if (!flag('no-parity')) {
  const toy = await loadDataset(TaskOptions.parse({ name: 'toy', samples: 1024, length: 20 }), { seed: 1 });
  await parity('toy, lstm-ae', toy, ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 16 }), TrainOptions.parse({ epochs: 4, batchSize: 32, learningRate: 0.02 }), 0.75);
  const mnist = await loadDataset(TaskOptions.parse({ name: 'mnist', mode: 'rows', limit: 4000 }), { seed: 1 });
  await parity('mnist rows, lstm-ae-classifier', mnist, ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 16 }), TrainOptions.parse({ epochs: 3, batchSize: 32, learningRate: 0.01 }), 0.8);
}
if (!flag('no-rss')) workerRss(choice.name);
