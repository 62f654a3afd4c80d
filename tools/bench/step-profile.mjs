#!/usr/bin/env node
// Where the CPU time of one training step goes, as train.mjs trains it (tools/bench/train-throughput.mjs: forward,
// losses, gradients, the clipping factor and the fused Adam update): the fused LSTM kernels' forward and backward
// calls alone, the copies around them (tensors in and out of the kernels' memory), the update, and the rest (the
// tfjs ops of the dense head, the losses, the gradient tape, reading the loss back). CPU time of this process,
// medians over rounds of --steps steps; one line of JSON per config, then a markdown table. Build first.
//
//   node tools/bench/step-profile.mjs [--only mnist-rows-b128,sp500-b128] [--kernel native|wasm] [--rounds 5] [--steps 10]
// --only takes config ids as train.mjs names them (default: every example at its batch size and at 128).
import { createRng, ModelOptions } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';
import { EXAMPLES, exampleShape, referenceModel } from './example-shapes.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: { only: { type: 'string' }, kernel: { type: 'string', default: 'native' }, rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '10' } },
});
// Loaded once the flags are read, so that --help and a bad flag answer at once.
const tf = await import('@tensorflow/tfjs');
const { applyAdam, batchLosses, buildModel, createOptimizer, getModelDefinition, globalNormScale, LstmWorkspace, readModelOutputs, selectBackend, setDefaultLstmKernel } = await import('@seqsweep/ml');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// CPU ms spent in the workspaces' calls, and in their kernels' calls within them, since the last reset.
const spent = { kernelForward: 0, kernelBackward: 0, workspace: 0 };
function timeWorkspaces() {
  for (const name of ['forward', 'backward']) {
    const original = LstmWorkspace.prototype[name];
    LstmWorkspace.prototype[name] = function (...args) {
      const kernel = this.kernel;
      if (!kernel.timed) {
        for (const k of ['forward', 'backward']) {
          const call = kernel[k].bind(kernel);
          const key = k === 'forward' ? 'kernelForward' : 'kernelBackward';
          kernel[k] = (...a) => {
            const t = cpuMs();
            call(...a);
            spent[key] += cpuMs() - t;
          };
        }
        kernel.timed = true;
      }
      const t = cpuMs();
      try {
        return original.apply(this, args);
      } finally {
        spent.workspace += cpuMs() - t;
      }
    };
  }
}

async function profile(c) {
  const { head } = getModelDefinition(c.model);
  const net = buildModel(ModelOptions.parse({ name: c.model, hiddenSize: c.hidden }), { steps: c.steps, features: c.features, numClasses: 10 }, 1, { lstm: 'fused' });
  const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.01, momentum: 0 });
  const variables = net.trainableWeights.map((w) => w.read());
  const rng = createRng(1, 'bench');
  const b = {
    size: c.batch,
    x: tf.tensor3d(Float32Array.from({ length: c.batch * c.steps * c.features }, () => rng.next()), [c.batch, c.steps, c.features]),
    labels: tf.tensor1d(Int32Array.from({ length: c.batch }, () => rng.int(10)), 'int32'),
  };
  const rounds = [];
  for (let round = -1; round < Number(opts.rounds); round++) {
    const r = { step: 0, update: 0 };
    Object.keys(spent).forEach((k) => (spent[k] = 0));
    for (let i = 0; i < Number(opts.steps); i++) {
      const t0 = cpuMs();
      const { value, grads } = optimizer.computeGradients(() => batchLosses(readModelOutputs(net.apply(b.x, { training: true })), b, head, 0.5).loss, variables);
      const t1 = cpuMs();
      applyAdam(optimizer, grads, globalNormScale(grads, 1));
      r.update += cpuMs() - t1;
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
      r.step += cpuMs() - t0;
    }
    if (round >= 0) rounds.push({ ...r, ...spent });
  }
  tf.dispose([b.x, b.labels]);
  optimizer.dispose();
  net.dispose();
  const per = (key) => median(rounds.map((r) => r[key])) / Number(opts.steps);
  const step = per('step'), kf = per('kernelForward'), kb = per('kernelBackward'), copies = per('workspace') - kf - kb, update = per('update');
  return { config: c.id, kernel: opts.kernel, stepMs: step, kernelForwardMs: kf, kernelBackwardMs: kb, copiesMs: copies, updateMs: update, restMs: step - kf - kb - copies - update };
}

await selectBackend('auto');
setDefaultLstmKernel(opts.kernel);
printMachine({ backend: tf.getBackend() });
timeWorkspaces();
const only = opts.only?.split(',');
const rows = [];
for (const name of EXAMPLES) {
  const shape = await exampleShape(name);
  for (const batch of [...new Set([shape.batch, 128])]) {
    const id = `${name}-b${batch}`;
    if (only && !only.includes(id)) continue;
    const row = await profile({ id, model: referenceModel(shape.model).model, steps: shape.steps, features: shape.features, hidden: shape.hidden, batch });
    console.log(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(2) : v]))));
    rows.push(row);
  }
}
const pct = (v, of) => `${v.toFixed(2)} (${((100 * v) / of).toFixed(0)}%)`;
console.log('');
console.log('| config | step | kernels, forward | kernels, backward | copies in and out | clip + Adam | the rest (tfjs) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.config} | ${r.stepMs.toFixed(2)} | ${pct(r.kernelForwardMs, r.stepMs)} | ${pct(r.kernelBackwardMs, r.stepMs)} | ${pct(r.copiesMs, r.stepMs)} | ${pct(r.updateMs, r.stepMs)} | ${pct(r.restMs, r.stepMs)} |`);
console.log(`(CPU milliseconds of one training step, medians of ${opts.rounds} rounds of ${opts.steps} steps, ${opts.kernel} kernel)`);
