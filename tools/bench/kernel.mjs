#!/usr/bin/env node
// The fused LSTM kernels alone: forward and backward of every LSTM layer of the examples' models (encoder F -> H,
// decoder H -> F, at the example's batch size and 128), native against WebAssembly, interleaved `--rounds` times,
// medians of each. Timed in CPU time of this process (process.cpuUsage), which moves far less than wall time where
// other work shares the cores; prints GFLOP/s of the layer's matrix products (2 x 4H x (F + H) x T x B forward,
// twice that backward). Build first (npm install, or npx tsc -b).
//
//   node tools/bench/kernel.mjs [--rounds 5] [--reps 5] [--kernels native,wasm] [--only mnist-rows-b128,sp500-b128]
// A kernel `native@PATH` is another build of the native addon (an absolute path to its seqsweep_lstm.node, e.g. a
// build of an earlier commit), timed interleaved with the others in the same process: a before / after that the
// load of a shared machine weighs on alike. --only takes the configs' ids (both layers of each).
import { createRng } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';
import { EXAMPLES, exampleShape } from './example-shapes.mjs';

const { values: opts } = toolArgs(import.meta.url, { options: { rounds: { type: 'string', default: '5' }, reps: { type: 'string', default: '5' }, kernels: { type: 'string', default: 'native,wasm' }, only: { type: 'string' } } });
// Loaded once the flags are read, so that --help and a bad flag answer at once.
const { LstmWorkspace, NativeLstmKernel, createLstmKernel, nativeAddonAt } = await import('@seqsweep/ml');
const KERNELS = opts.kernels.split(',');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function inputs(d) {
  const rng = createRng(1, 'bench:kernel');
  const values = (n) => Float32Array.from({ length: n }, () => rng.next() - 0.5);
  const G = 4 * d.units;
  return { x: values(d.batch * d.steps * d.features), kernel: values(d.features * G), recurrent: values(d.units * G), bias: values(G), dy: values(d.batch * d.steps * d.units) };
}

/** A kernel by its name on the command line: a kind createLstmKernel knows, or `native@PATH`. */
function makeKernel(kind) {
  if (!kind.startsWith('native@')) return createLstmKernel(kind);
  const loaded = nativeAddonAt(kind.slice('native@'.length));
  if (loaded.addon === null) throw new Error(`${kind}: ${loaded.reason}`);
  return new NativeLstmKernel(undefined, loaded);
}

/** CPU ms of one forward and one backward, the median of `reps` after a warm-up. */
function time(kind, d, data) {
  const ws = new LstmWorkspace(makeKernel(kind));
  const fwd = [], bwd = [];
  for (let i = 0; i <= Number(opts.reps); i++) {
    const t0 = cpuMs();
    const { token } = ws.forward(d, data, true);
    const t1 = cpuMs();
    ws.backward(token, d, true, data.dy, () => data);
    const t2 = cpuMs();
    if (i > 0) {
      fwd.push(t1 - t0);
      bwd.push(t2 - t1);
    }
  }
  return { fwd: median(fwd), bwd: median(bwd) };
}

printMachine();
const layers = [];
for (const name of EXAMPLES) {
  const s = await exampleShape(name);
  for (const batch of [...new Set([s.batch, 128])]) {
    if (opts.only && !opts.only.split(',').includes(`${name}-b${batch}`)) continue;
    layers.push({ id: `${name}-b${batch} encoder`, dims: { batch, steps: s.steps, features: s.features, units: s.hidden } });
    layers.push({ id: `${name}-b${batch} decoder`, dims: { batch, steps: s.steps, features: s.hidden, units: s.features } });
  }
}
console.log('');
console.log(`| layer | B, T, F, H | ${KERNELS.map((k) => `${k} fwd + bwd ms`).join(' | ')} | ${KERNELS.slice(1).map((k) => `${KERNELS[0]} / ${k}`).join(' | ')} | GFLOP/s ${KERNELS.join(', ')} |`);
console.log(`|---|---|${KERNELS.map(() => '---|').join('')}${KERNELS.slice(1).map(() => '---|').join('')}---|`);
for (const { id, dims: d } of layers) {
  const data = inputs(d);
  const seen = Object.fromEntries(KERNELS.map((k) => [k, []]));
  for (let r = 0; r < Number(opts.rounds); r++) for (const k of KERNELS) seen[k].push(time(k, d, data));
  const ms = Object.fromEntries(KERNELS.map((k) => [k, median(seen[k].map((t) => t.fwd + t.bwd))]));
  const flops = 3 * 2 * 4 * d.units * (d.features + d.units) * d.steps * d.batch;
  const fmt = (v) => v.toFixed(2);
  console.log(`| ${id} | ${d.batch}, ${d.steps}, ${d.features}, ${d.units} | ${KERNELS.map((k) => fmt(ms[k])).join(' | ')} | ${KERNELS.slice(1).map((k) => `${(ms[k] / ms[KERNELS[0]]).toFixed(2)}x`).join(' | ')} | ${KERNELS.map((k) => (flops / ms[k] / 1e6).toFixed(1)).join(', ')} |`);
}
console.log('(CPU milliseconds of one forward and one backward pass, medians; GFLOP/s of the layer\'s matrix products)');
