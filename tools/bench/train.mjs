#!/usr/bin/env node
// Training throughput of the fused LSTM on the shapes the examples train (read from examples/*.yaml: toy T=50,
// sp500 T=30, MNIST rows T=28 F=28, MNIST pixels T=784 F=1, each with the example's hidden size) at the example's
// batch size and at 128, beside PyTorch (../shared/bench/torch_reference.py, one thread) on the same shape in the
// same run, config by config; prints fused / PyTorch for each (goal: at least 2x). Optionally tfjs-layers' LSTM
// too (--layers). Then: validation metrics of a toy and an MNIST-rows training with both LSTM implementations
// (same seed, so the same initial weights; plus a second seed as the noise reference), and the peak RSS of a
// worker-like process training on all of MNIST rows. Build first (npm install, or npx tsc -b).
//
//   node tools/bench/train.mjs [--backend auto|wasm|cpu] [--seconds 4] [--only toy,sp500-b64,mnist-pixels-b32]
//                              [--samples N] [--layers] [--no-torch] [--no-parity] [--no-rss]
// --only takes config ids (toy-b32) or example names (toy: both its batch sizes). --samples sets PyTorch's sample
// count per epoch for every config (the pixel shapes are slow: e.g. --samples 256). --layers adds tfjs-layers'
// LSTM below T=100 (at T=784 it takes minutes).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { createRng, ModelOptions, TaskOptions, TrainOptions } from '@seqsweep/core';
import { loadDataset, selectBackend, setDefaultLstmImplementation, trainModel } from '@seqsweep/ml';
import { printMachine } from '../lib/machine.mjs';
import { EXAMPLES, exampleShape, referenceModel } from './example-shapes.mjs';
import { measureThroughput } from './train-throughput.mjs';
import { runTorch, torchMissing } from './torch-runner.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const WORKER = fileURLToPath(new URL('./train-worker.mjs', import.meta.url));
const GOAL = 2;
const { values: opts } = toolArgs(import.meta.url, {
  options: {
    backend: { type: 'string', default: 'auto' }, only: { type: 'string' }, seconds: { type: 'string', default: '4' }, samples: { type: 'string' },
    layers: { type: 'boolean', default: false }, 'no-torch': { type: 'boolean', default: false },
    'no-parity': { type: 'boolean', default: false }, 'no-rss': { type: 'boolean', default: false },
  },
});
const flag = (name) => opts[name] === true;

/** About two seconds of PyTorch per epoch on this machine, scaled by the work of a sample (at least 4 batches). */
function torchSamples(c) {
  const perSample = c.steps * (c.hidden + c.features) * (c.torch === 'ae-classifier' ? 2 : 1);
  return Math.max(c.batch * 4, Math.round((6e6 / perSample) / c.batch) * c.batch);
}

async function configs(only) {
  const out = [];
  for (const name of EXAMPLES) {
    const shape = await exampleShape(name);
    const ref = referenceModel(shape.model);
    for (const batch of [...new Set([shape.batch, 128])]) {
      const id = `${name}-b${batch}`;
      if (only && !only.includes(id) && !only.includes(name)) continue;
      out.push({ id, example: name, exampleModel: shape.model, ...ref, steps: shape.steps, features: shape.features, hidden: shape.hidden, batch });
    }
  }
  return out;
}

async function throughputs(list, seconds, torch, withLayers) {
  const rows = [];
  for (const c of list) {
    const row = { ...c };
    for (const lstm of withLayers && c.steps < 100 ? ['fused', 'layers'] : ['fused']) {
      const r = await measureThroughput({ model: c.model, steps: c.steps, features: c.features, hidden: c.hidden, batch: c.batch, lstm, seconds });
      row[lstm] = r.samplesPerS;
      console.log(JSON.stringify({ framework: `tfjs-${tf.getBackend()}`, lstm, config: c.id, samplesPerS: Math.round(r.samplesPerS), steps: r.steps, loss: +r.loss.toFixed(5) }));
    }
    if (torch) {
      const t = await runTorch({ ...c, samples: Number(opts.samples ?? 0) || torchSamples(c) });
      row.pytorch = t.samples_per_s;
      console.log(JSON.stringify({ ...t, config: c.id }));
    }
    rows.push(row);
  }
  return rows;
}

const fmt = (v) => (v === undefined ? '-' : Math.round(v).toLocaleString('en-US'));
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);

/** A markdown table, ready for docs/benchmarks.md. */
function printTable(rows, withLayers) {
  console.log('');
  console.log(`| config | model | T, F, H | batch |${withLayers ? ' tfjs-layers |' : ''} fused | PyTorch | fused / PyTorch | goal >= ${GOAL}x |`);
  console.log(`|---|---|---|---|${withLayers ? '---|' : ''}---|---|---|---|`);
  for (const r of rows) {
    const met = r.pytorch === undefined ? '-' : r.fused / r.pytorch >= GOAL ? 'met' : `missed by ${((1 - r.fused / r.pytorch / GOAL) * 100).toFixed(0)}%`;
    console.log(`| ${r.id} | ${r.model} | ${r.steps}, ${r.features}, ${r.hidden} | ${r.batch} |${withLayers ? ` ${fmt(r.layers)} |` : ''} ${fmt(r.fused)} | ${fmt(r.pytorch)} | ${ratio(r.fused, r.pytorch)} | ${met} |`);
  }
  console.log('(samples per second; Adam, learning rate 0.01, global-norm clip 1; PyTorch on one thread)');
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
printMachine({ backend: choice.name });
if (choice.fallbacks.length) console.log(`backends passed over: ${choice.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
const missing = flag('no-torch') ? 'PyTorch skipped (--no-torch)' : torchMissing();
if (missing) console.log(`${missing}: no ratios against it`);
const list = await configs(opts.only?.split(','));
if (list.length === 0) throw new Error(`--only ${opts.only} names no config; the examples are ${EXAMPLES.join(', ')}`);
const rows = await throughputs(list, Number(opts.seconds), !missing, flag('layers'));
printTable(rows, flag('layers'));
if (!flag('no-parity')) {
  const toy = await loadDataset(TaskOptions.parse({ name: 'toy', samples: 1024, length: 20 }), { seed: 1 });
  await parity('toy, lstm-ae', toy, ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 16 }), TrainOptions.parse({ epochs: 4, batchSize: 32, learningRate: 0.02 }), 0.75);
  const mnist = await loadDataset(TaskOptions.parse({ name: 'mnist', mode: 'rows', limit: 4000 }), { seed: 1 });
  await parity('mnist rows, lstm-ae-classifier', mnist, ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 16 }), TrainOptions.parse({ epochs: 3, batchSize: 32, learningRate: 0.01 }), 0.8);
}
if (!flag('no-rss')) workerRss(choice.name);
