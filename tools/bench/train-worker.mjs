#!/usr/bin/env node
// A worker-like process for the memory figure: loads the full MNIST rows dataset once, trains lstm-ae-classifier
// on it with the real training loop (trainModel, default LSTM implementation) for one epoch, and prints one JSON
// line with its peak resident set size. train.mjs runs it as a child process.
//
//   node tools/bench/train-worker.mjs [--backend auto] [--limit 60000] [--seconds 120]
import { ModelOptions, TaskOptions, TrainOptions, createRng } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: { backend: { type: 'string', default: 'auto' }, limit: { type: 'string', default: '60000' }, seconds: { type: 'string', default: '120' } },
});
// Loaded once the flags are read, so that --help and a bad flag answer at once.
const { loadDataset, selectBackend, trainModel, resolveLstmImplementation } = await import('@seqsweep/ml');
const backend = await selectBackend(opts.backend);
printMachine({ backend: backend.name });
const limit = Number(opts.limit);
const dataset = await loadDataset(TaskOptions.parse({ name: 'mnist', mode: 'rows', ...(limit < 60000 ? { limit } : {}) }), { seed: 1 });
const order = createRng(1, 'bench:split').shuffle(Int32Array.from({ length: dataset.size }, (_, i) => i));
const cut = Math.floor(dataset.size * 0.8);
const outcome = await trainModel({
  dataset, model: ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 16 }),
  train: TrainOptions.parse({ epochs: 1, batchSize: 128, learningRate: 0.01 }), seed: 1,
  trainIndices: order.subarray(0, cut), valIndices: order.subarray(cut),
  signal: AbortSignal.timeout(Number(opts.seconds) * 1000),
});
console.log(JSON.stringify({
  backend: backend.name, lstm: resolveLstmImplementation(), samples: dataset.size, status: outcome.status,
  valAccuracy: outcome.history[0]?.valAccuracy ?? null, samplesPerS: Math.round(outcome.samplesPerSecond),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
