#!/usr/bin/env node
// In-trial efficiency: one real trial of each example's shape through the worker's own path (runTrial of
// @seqsweep/worker: the dataset from the worker's cache, the model built, trained, validated every epoch, the
// result made), against the kernel bench's samples/s (tools/bench/train-throughput.mjs: training steps on
// random batches, nothing else) for the same model, shape, hidden size and batch. Prints the trial's training
// samples per second of its wall time (validation and set-up counted) as a share of the kernel's (goal: at
// least 90%), and where the rest went: the same trial's training loop alone, its validation, its set-up. The same
// share per CPU-second of the process (the kernel bench's and the trial's) is printed beside it: on a machine that
// other work shares, wall time measures the scheduler as much as the trial. "Beyond the kernels" is the trial's wall
// time less its kernels-only bound: the fixed costs of a trial (set-up, per-epoch bookkeeping, the last partial
// batches, the result), per trial and per epoch.
// Build first (npm install, or npx tsc -b).
//
//   node tools/bench/in-trial.mjs [--only toy,sp500,mnist-rows,mnist-pixels] [--epochs N] [--seconds 4] [--repeat 2]
// The trial is the first of the example's filter stage (its epochs, its first grid point); --epochs overrides.
// Each figure is the best of --repeat rounds (kernel, forward, trial, loop in turn): load only slows a run down.
import { MemoryTransport, ModelOptions, resolveSplit, TaskOptions, TrainOptions } from '@seqsweep/core';
import { loadavg } from 'node:os';
import { printMachine } from '../lib/machine.mjs';
import { EXAMPLES, exampleNames, exampleShape, firstTrial } from './example-shapes.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const GOAL = 0.9;
const { values: opts } = toolArgs(import.meta.url, {
  options: { backend: { type: 'string', default: 'auto' }, only: { type: 'string', default: EXAMPLES.join(',') }, epochs: { type: 'string' }, seconds: { type: 'string', default: '4' }, repeat: { type: 'string', default: '2' } },
});
const names = exampleNames(opts.only, import.meta.url);

// Loaded once the flags are read, so that --help and a bad flag answer at once.
const { DatasetCache, evaluationBatchSize, loadDataset, ModelCache, selectBackend, trainModel } = await import('@seqsweep/ml');
const { runTrial } = await import('@seqsweep/worker');
const { measureForward, measureThroughput } = await import('./train-throughput.mjs');

/** The trial's own training loop through trainModel, as runTrial calls it, for the split of its time. */
async function trainingLoop(a, datasets) {
  const task = TaskOptions.parse(a.task);
  const dataset = await loadDataset(task, { seed: a.seed, cache: datasets });
  const split = resolveSplit(dataset.size, a.split, a.seed, dataset.labels, dataset.dates);
  const outcome = await trainModel({ dataset, model: ModelOptions.parse(a.model), train: TrainOptions.parse(a.train), seed: a.seed, trainIndices: split.train, valIndices: split.val });
  const trained = split.train.length * outcome.history.length;
  return { trainSamples: split.train.length, valSamples: split.val.length, epochs: outcome.history.length, trainMs: (trained * 1000) / outcome.samplesPerSecond, durationMs: outcome.durationMs, samplesPerS: outcome.samplesPerSecond };
}

/** runTrial's wall and CPU time for the trial `a`, the dataset already in `datasets`, on a worker that keeps `models`. */
async function timeTrial(a, datasets, models, backend) {
  const transport = new MemoryTransport();
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await runTrial(a, { transport, datasets, models, cacheDir: undefined, backend, signal: new AbortController().signal, progress: () => {} });
    const trialMs = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    return { out, trialMs, trialCpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await transport.close();
  }
}

/**
 * Measures one example `repeat` times in turn (kernel, forward, trial, loop) and keeps the best of each: other
 * work on a shared machine only ever slows a run down.
 */
async function measure(name, backend, seconds, epochs, repeat) {
  const shape = await exampleShape(name);
  const a = firstTrial(shape.spec, 'in-trial', epochs);
  const model = ModelOptions.parse(a.model);
  const train = TrainOptions.parse(a.train);
  const [steps, features] = [shape.steps, shape.features];
  const bench = { model: model.name, steps, features, hidden: model.hiddenSize, batch: train.batchSize, modelOptions: model };
  const datasets = new DatasetCache();
  // A worker's caches (the split, the scaled dataset, the model) carry over from one trial to the next, as in a sweep
  // (a checkout from before the model cache, measured side by side, has none).
  const models = ModelCache ? new ModelCache() : undefined;
  // The dataset is cached in a worker from its first trial of a sweep on; the load is not the trial's cost.
  await loadDataset(TaskOptions.parse(a.task), { seed: a.seed, cache: datasets });
  let best;
  for (let i = 0; i < repeat; i++) {
    // The kernel bench first: it also warms V8 and the wasm kernel up, as the trials before this one would have.
    const kernel = await measureThroughput({ ...bench, lstm: 'fused', seconds, lr: train.learningRate, clip: train.gradientClip ?? 1, reconstructionWeight: train.reconstructionWeight });
    // Validation runs the inference pass at the evaluation batch size (issue 26); so does this bound.
    const forward = await measureForward({ ...bench, batch: evaluationBatchSize(train), seconds: seconds / 2 });
    const { out, trialMs, trialCpuMs } = await timeTrial(a, datasets, models, backend);
    const loop = await trainingLoop(a, datasets);
    const run = { kernel: kernel.samplesPerS, kernelCpu: kernel.samplesPerCpuS, forward: forward.samplesPerS, trialMs, trialCpuMs, loop, epochs: out.history.length, status: out.status };
    best = best === undefined ? run : {
      ...best, kernel: Math.max(best.kernel, run.kernel), kernelCpu: Math.max(best.kernelCpu, run.kernelCpu), forward: Math.max(best.forward, run.forward),
      trialMs: Math.min(best.trialMs, run.trialMs), trialCpuMs: Math.min(best.trialCpuMs, run.trialCpuMs),
      loop: run.loop.samplesPerS > best.loop.samplesPerS ? run.loop : best.loop,
    };
  }
  models?.clear();
  const { loop, epochs: trainedEpochs } = best;
  const trained = loop.trainSamples * trainedEpochs;
  // What the trial would reach if it cost nothing but the kernels: its training steps at the kernel's speed and
  // its validation passes at the forward pass's.
  const boundMs = (trained * 1000) / best.kernel + (loop.valSamples * trainedEpochs * 1000) / best.forward;
  const row = {
    example: name, model: model.name, steps, features, hidden: model.hiddenSize, batch: train.batchSize, epochs: trainedEpochs,
    trainSamples: loop.trainSamples, valSamples: loop.valSamples, status: best.status,
    kernelPerS: best.kernel, forwardPerS: best.forward, boundPerS: (trained * 1000) / boundMs, inTrialPerS: (trained * 1000) / best.trialMs,
    kernelPerCpuS: best.kernelCpu, inTrialPerCpuS: (trained * 1000) / best.trialCpuMs,
    loopPerS: loop.samplesPerS, trialMs: best.trialMs, trialCpuMs: best.trialCpuMs, boundMs, loopMs: loop.trainMs, restMs: loop.durationMs - loop.trainMs,
  };
  console.log(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? +v.toFixed(1) : v]))));
  return row;
}

const pct = (v) => `${(v * 100).toFixed(0)}%`;
const n = (v) => Math.round(v).toLocaleString('en-US');

function printTable(rows) {
  console.log('');
  console.log('| example | model, T, F, H, batch | epochs x train / val samples | kernel | in trial | in trial / kernel | goal >= 90% | per CPU-second | kernels-only bound / kernel | in trial / bound | beyond the kernels, ms per trial (per epoch) | training loop alone / kernel |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const share = r.inTrialPerS / r.kernelPerS;
    const met = share >= GOAL ? 'met' : `missed by ${((GOAL - share) * 100).toFixed(0)} points`;
    const beyond = r.trialMs - r.boundMs;
    console.log(`| ${r.example} | ${r.model}, ${r.steps}, ${r.features}, ${r.hidden}, ${r.batch} | ${r.epochs} x ${n(r.trainSamples)} / ${n(r.valSamples)} | ${n(r.kernelPerS)} | ${n(r.inTrialPerS)} | **${pct(share)}** | ${met} | ${pct(r.inTrialPerCpuS / r.kernelPerCpuS)} | ${pct(r.boundPerS / r.kernelPerS)} | ${pct(r.inTrialPerS / r.boundPerS)} | ${beyond.toFixed(0)} (${(beyond / r.epochs).toFixed(1)}) | ${pct(r.loopPerS / r.kernelPerS)} |`);
  }
  console.log('(samples per second; in trial = training samples over the wall time of runTrial, validation and set-up counted;');
  console.log(' per CPU-second = the same share with both sides per CPU-second of the process instead of per second of wall time;');
  console.log(' kernels-only bound = the same training at the kernel bench\'s speed plus its validation at the forward pass\'s;');
  console.log(' beyond the kernels = the trial\'s wall time less that bound)');
  console.log(`load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

const choice = await selectBackend(opts.backend);
printMachine({ backend: choice.name });
const rows = [];
for (const name of names) rows.push(await measure(name, choice.name, Number(opts.seconds), Number(opts.epochs ?? 0) || undefined, Number(opts.repeat)));
printTable(rows);
