#!/usr/bin/env node
// The CPU time of whole trials split into the LSTM kernels' own and the rest, from V8's sampling profiler: --trials
// trials of an example through runTrial (the worker's path, its caches kept from trial to trial) after three warm-up
// ones. "rest / kernels" (everything but the kernels, garbage collection included, per millisecond of kernel) moves
// far less with other work on the machine than wall time does, so two builds can be compared on a loaded machine.
//
//   node tools/bench/trial-profile.mjs [--only toy,sp500] [--trials 20]
import { Session } from 'node:inspector/promises';
import { MemoryTransport, TaskOptions } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { exampleNames, exampleShape, firstTrial } from './example-shapes.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: { backend: { type: 'string', default: 'auto' }, only: { type: 'string', default: 'toy,sp500' }, trials: { type: 'string', default: '20' } },
});
const names = exampleNames(opts.only, import.meta.url);

const ml = await import('@seqsweep/ml');
const { runTrial } = await import('@seqsweep/worker');

/** True for a sample inside a fused kernel's own call (the addon's or the wasm module's work). */
function kernelTest(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return (id) => {
    for (let d = 0, cur = id; d < 3 && cur !== undefined; d++, cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (/^(forward|backward|infer)$/.test(f.functionName) && /(native|wasm|js)-kernel\.js$/.test(f.url)) return true;
    }
    return false;
  };
}

async function measure(name, trials, backend) {
  const { spec } = await exampleShape(name);
  const a = firstTrial(spec, 'profile');
  const datasets = new ml.DatasetCache();
  await ml.loadDataset(TaskOptions.parse(a.task), { seed: a.seed, cache: datasets });
  // A checkout from before the model cache has none.
  const models = ml.ModelCache ? new ml.ModelCache() : undefined;
  const one = async () => {
    const transport = new MemoryTransport();
    await runTrial(a, { transport, datasets, models, cacheDir: undefined, backend, signal: new AbortController().signal, progress: () => {} });
    await transport.close();
  };
  for (let i = 0; i < 3; i++) await one();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < trials; i++) await one();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  models?.clear();
  const isKernel = kernelTest(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let sampled = 0, kernel = 0, gc = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame.functionName;
    const dt = profile.timeDeltas[i] ?? 0;
    if (f === '(idle)' || f === '(program)') return;
    sampled += dt;
    if (f === '(garbage collector)') gc += dt;
    else if (isKernel(id)) kernel += dt;
  });
  const per = (us) => +(us / 1000 / trials).toFixed(1);
  const row = { example: name, trials, wallMs: +(wall / trials).toFixed(1), cpuMs: per(cpu.user + cpu.system), sampledMs: per(sampled), kernelMs: per(kernel), gcMs: per(gc), restMs: per(sampled - kernel - gc), restPerKernel: +((sampled - kernel) / kernel).toFixed(3) };
  console.log(JSON.stringify(row));
  return row;
}

const choice = await ml.selectBackend(opts.backend);
printMachine({ backend: choice.name });
const rows = [];
for (const name of names) rows.push(await measure(name, Number(opts.trials), choice.name));
console.log('');
console.log('| example | trials | wall ms a trial | CPU ms a trial | sampled: kernels | garbage collection | the rest | (rest + gc) / kernels |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.example} | ${r.trials} | ${r.wallMs} | ${r.cpuMs} | ${r.kernelMs} | ${r.gcMs} | ${r.restMs} | ${r.restPerKernel.toFixed(2)} |`);
