#!/usr/bin/env node
// Training throughput of the fused LSTM on the shapes the examples train (read from examples/*.yaml: toy T=50,
// sp500 T=30, MNIST rows T=28 F=28, MNIST pixels T=784 F=1, each with the example's hidden size) at the example's
// batch size and at 128, beside PyTorch (tools/bench/torch_reference.py, one thread, with OpenBLAS or MKL) on the same shape in the
// same run, config by config; prints fused / PyTorch for each (goal: at least 2x). Optionally tfjs-layers' LSTM
// too (--layers). Then: validation metrics of a toy and an MNIST-rows training with both LSTM implementations
// (same seed, so the same initial weights; plus a second seed as the noise reference), and the peak RSS of a
// worker-like process training on all of MNIST rows. Build first (npm install, or npx tsc -b).
//
//   node tools/bench/train.mjs [--backend auto|wasm|cpu] [--seconds 4] [--only toy,sp500-b64,mnist-pixels-b32]
//                              [--samples N] [--kernels native,wasm] [--rounds N] [--layers] [--no-torch] [--no-parity] [--no-rss]
// --only takes config ids (toy-b32) or example names (toy: both its batch sizes). --samples sets PyTorch's sample
// count per epoch for every config (the pixel shapes are slow: e.g. --samples 256). --kernels measures each fused
// LSTM kernel in turn, config by config (the first against PyTorch; default: the one auto picks); --rounds N
// repeats each config's measurements N times interleaved and prints the medians. --layers adds tfjs-layers'
// LSTM below T=100 (at T=784 it takes minutes).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRng, ModelOptions, TaskOptions, TrainOptions } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { EXAMPLES, exampleShape, referenceModel } from './example-shapes.mjs';
import { runTorch, torchMissing } from './torch-runner.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const WORKER = fileURLToPath(new URL('./train-worker.mjs', import.meta.url));
const GOAL = 2;
const { values: opts } = toolArgs(import.meta.url, {
  options: {
    backend: { type: 'string', default: 'auto' }, only: { type: 'string' }, seconds: { type: 'string', default: '4' }, samples: { type: 'string' },
    kernels: { type: 'string' }, rounds: { type: 'string', default: '1' }, layers: { type: 'boolean', default: false }, 'no-torch': { type: 'boolean', default: false },
    'no-parity': { type: 'boolean', default: false }, 'no-rss': { type: 'boolean', default: false },
  },
});
// Loaded once the flags are read, so that --help and a bad flag answer at once.
const tf = await import('@tensorflow/tfjs');
const { autoLstmKernel, describeLstmImplementation, loadDataset, selectBackend, setDefaultLstmImplementation, setDefaultLstmKernel, trainModel } = await import('@seqsweep/ml');
const { measureThroughput } = await import('./train-throughput.mjs');
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

const median = (xs) => {
  const v = [...xs].sort((p, q) => p - q);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/**
 * Each config `rounds` times, interleaved (every kernel, tfjs-layers, PyTorch, then again), keeping the median of
 * each: on a shared machine the load moves within a run, and interleaving lets it weigh on every side alike.
 */
async function throughputs(list, seconds, torch, withLayers, rounds) {
  const rows = [];
  for (const c of list) {
    const seen = {};
    const add = (key, value) => (seen[key] ??= []).push(value);
    for (let round = 0; round < rounds; round++) {
      for (const kernel of KERNELS) {
        setDefaultLstmKernel(kernel);
        const r = await measureThroughput({ model: c.model, steps: c.steps, features: c.features, hidden: c.hidden, batch: c.batch, lstm: 'fused', seconds });
        add(kernel, r.samplesPerS);
        add(`${kernel}Cpu`, r.samplesPerCpuS);
        console.log(JSON.stringify({ framework: `tfjs-${tf.getBackend()}`, lstm: 'fused', kernel, config: c.id, round, samplesPerS: Math.round(r.samplesPerS), samplesPerCpuS: Math.round(r.samplesPerCpuS), steps: r.steps, loss: +r.loss.toFixed(5) }));
      }
      setDefaultLstmKernel('auto');
      if (withLayers && c.steps < 100) {
        const r = await measureThroughput({ model: c.model, steps: c.steps, features: c.features, hidden: c.hidden, batch: c.batch, lstm: 'layers', seconds });
        add('layers', r.samplesPerS);
        console.log(JSON.stringify({ framework: `tfjs-${tf.getBackend()}`, lstm: 'layers', config: c.id, round, samplesPerS: Math.round(r.samplesPerS), steps: r.steps, loss: +r.loss.toFixed(5) }));
      }
      if (torch) {
        const t = await runTorch({ ...c, samples: Number(opts.samples ?? 0) || torchSamples(c) });
        add('pytorch', t.samples_per_s);
        if (t.samples_per_cpu_s) add('pytorchCpu', t.samples_per_cpu_s);
        console.log(JSON.stringify({ ...t, blas: `${t.blas.library}${t.blas.core ? ` ${t.blas.core}` : ''}, ${t.blas.threads ?? '?'} thread(s)`, config: c.id, round }));
      }
    }
    const row = { ...c, ...Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, median(v)])) };
    row.fused = row[KERNELS[0]];
    rows.push(row);
  }
  return rows;
}

/**
 * The matrix-product work of one training sample in the model's LSTM layers, in flops: each layer (F in, H units)
 * costs 2 * 4H * (F + H) * T forward and twice that backward; an autoencoder is F -> H -> F, the classifier two of
 * them. The dense head and the elementwise gate maths are left out, so this undercounts the work a little.
 */
function lstmFlopsPerSample({ model, steps, features, hidden }) {
  const layer = (f, h) => 3 * 2 * 4 * h * (f + h) * steps;
  const autoencoder = layer(features, hidden) + layer(hidden, features);
  return model === 'lstm-ae-classifier' ? 2 * autoencoder : autoencoder;
}

const fmt = (v) => (v === undefined ? '-' : Math.round(v).toLocaleString('en-US'));
const gflops = (c, perS) => (perS === undefined ? '-' : ((lstmFlopsPerSample(c) * perS) / 1e9).toFixed(1));
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);

/** A markdown table, ready for docs/benchmarks.md: a column per kernel, the first one's ratio against PyTorch. */
function printTable(rows, withLayers) {
  const others = KERNELS.slice(1);
  console.log('');
  console.log(`| config | model | T, F, H | batch |${withLayers ? ' tfjs-layers |' : ''} ${KERNELS.map((k) => `fused, ${k}`).join(' | ')} | PyTorch | fused ${KERNELS[0]} / PyTorch | goal >= ${GOAL}x |${others.map((k) => ` ${KERNELS[0]} / ${k} |`).join('')} GFLOP/s fused ${KERNELS[0]}, PyTorch |`);
  console.log(`|---|---|---|---|${withLayers ? '---|' : ''}${KERNELS.map(() => '---|').join('')}---|---|---|${others.map(() => '---|').join('')}---|`);
  for (const r of rows) {
    const met = r.pytorch === undefined ? '-' : r.fused / r.pytorch >= GOAL ? 'met' : `missed by ${((1 - r.fused / r.pytorch / GOAL) * 100).toFixed(0)}%`;
    console.log(`| ${r.id} | ${r.model} | ${r.steps}, ${r.features}, ${r.hidden} | ${r.batch} |${withLayers ? ` ${fmt(r.layers)} |` : ''} ${KERNELS.map((k) => fmt(r[k])).join(' | ')} | ${fmt(r.pytorch)} | ${ratio(r.fused, r.pytorch)} | ${met} |${others.map((k) => ` ${ratio(r.fused, r[k])} |`).join('')} ${gflops(r, r.fused)}, ${gflops(r, r.pytorch)} |`);
  }
  console.log(`(samples per second, median of ${opts.rounds} interleaved round(s); Adam, learning rate 0.01, global-norm clip 1; PyTorch on one thread)`);
  console.log('(GFLOP/s: the LSTM layers\' matrix products of a training step, lstmFlopsPerSample, at the step\'s samples per second)');
  // The same per CPU-second of each process: on a machine other work loads, wall time moves with the load from one
  // measurement to the next, CPU time much less (it still counts what cache and core sharing cost).
  console.log('');
  console.log(`| config | batch | ${KERNELS.map((k) => `fused, ${k}`).join(' | ')} | PyTorch | fused ${KERNELS[0]} / PyTorch | goal >= ${GOAL}x | GFLOP/s fused ${KERNELS[0]}, PyTorch |`);
  console.log(`|---|---|${KERNELS.map(() => '---|').join('')}---|---|---|---|`);
  for (const r of rows) {
    const mine = r[`${KERNELS[0]}Cpu`];
    const met = r.pytorchCpu === undefined ? '-' : mine / r.pytorchCpu >= GOAL ? 'met' : `missed by ${((1 - mine / r.pytorchCpu / GOAL) * 100).toFixed(0)}%`;
    console.log(`| ${r.id} | ${r.batch} | ${KERNELS.map((k) => fmt(r[`${k}Cpu`])).join(' | ')} | ${fmt(r.pytorchCpu)} | ${ratio(mine, r.pytorchCpu)} | ${met} | ${gflops(r, mine)}, ${gflops(r, r.pytorchCpu)} |`);
  }
  console.log('(samples per CPU-second of each process, all its threads, medians of the same rounds)');
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
// The fused LSTM's kernels to measure, the first one against PyTorch: by default the one auto picks here.
const KERNELS = opts.kernels ? opts.kernels.split(',') : [autoLstmKernel().kind];
console.log(`LSTM: ${describeLstmImplementation()}; measuring the kernels ${KERNELS.join(', ')}`);
if (choice.fallbacks.length) console.log(`backends passed over: ${choice.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
const missing = flag('no-torch') ? 'PyTorch skipped (--no-torch)' : torchMissing();
if (missing) console.log(`${missing}: no ratios against it`);
const list = await configs(opts.only?.split(','));
if (list.length === 0) throw new Error(`--only ${opts.only} names no config; the examples are ${EXAMPLES.join(', ')}`);
const rows = await throughputs(list, Number(opts.seconds), !missing, flag('layers'), Number(opts.rounds));
printTable(rows, flag('layers'));
if (!flag('no-parity')) {
  const toy = await loadDataset(TaskOptions.parse({ name: 'toy', samples: 1024, length: 20 }), { seed: 1 });
  await parity('toy, lstm-ae', toy, ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 16 }), TrainOptions.parse({ epochs: 4, batchSize: 32, learningRate: 0.02 }), 0.75);
  const mnist = await loadDataset(TaskOptions.parse({ name: 'mnist', mode: 'rows', limit: 4000 }), { seed: 1 });
  await parity('mnist rows, lstm-ae-classifier', mnist, ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 16 }), TrainOptions.parse({ epochs: 3, batchSize: 32, learningRate: 0.01 }), 0.8);
}
if (!flag('no-rss')) workerRss(choice.name);
