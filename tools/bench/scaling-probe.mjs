#!/usr/bin/env node
// Why a sweep does not scale perfectly on 2 cores: runs the same work in one process alone, then in two processes
// at once, and prints how much slower each gets in parallel, plus user and system CPU time per wall second of
// each process (user above 1.0 means V8's helper threads use a second core). Two kinds of work: a scalar loop (`spin`,
// no memory traffic) and the toy training of tools/bench/scaling.mjs's trials run by trainModel (`toy`).
// Build first.
//
//   node tools/bench/scaling-probe.mjs [--work spin,toy] [--node-flags "--single-threaded-gc"]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const SELF = fileURLToPath(import.meta.url);
const { values: opts } = toolArgs(import.meta.url, {
  options: { child: { type: 'string' }, 'node-flags': { type: 'string', default: '' }, work: { type: 'string', default: 'spin,toy' } },
});

async function work(kind) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (kind === 'spin') {
    let x = 0;
    for (let i = 0; i < 3e8; i++) x = (x * 1.0000001 + i) % 1e6;
    if (!(x >= 0)) throw new Error('unreachable');
  } else {
    const core = await import('@seqsweep/core');
    const ml = await import('@seqsweep/ml');
    await ml.selectBackend('wasm');
    const dataset = await ml.loadDataset(core.TaskOptions.parse({ name: 'toy', samples: 4000, length: 50 }), { seed: 1 });
    const idx = Int32Array.from({ length: 4000 }, (_, i) => i);
    for (let seed = 0; seed < 8; seed++) {
      await ml.trainModel({
        dataset, model: core.ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 16 }),
        train: core.TrainOptions.parse({ epochs: 8, batchSize: 32, learningRate: 0.01 }), seed,
        trainIndices: idx.subarray(0, 1600), valIndices: idx.subarray(1600, 3200),
      });
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wallS, userPerWall: cpu.user / 1e6 / wallS, systemPerWall: cpu.system / 1e6 / wallS };
}

function child(kind, flags) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...flags, SELF, '--child', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${kind} probe exited ${code}`))));
  });
}

if (opts.child !== undefined) {
  console.log(JSON.stringify(await work(opts.child)));
} else {
  // The children train on wasm; this process only starts them.
  printMachine({ backend: 'wasm in the child processes' });
  const flags = opts['node-flags'].split(' ').filter(Boolean);
  for (const kind of opts.work.split(',')) {
    const alone = await child(kind, flags);
    const pair = await Promise.all([child(kind, flags), child(kind, flags)]);
    const slower = pair.map((p) => p.wallS / alone.wallS);
    console.log(JSON.stringify({
      work: kind, flags: flags.join(' '), aloneS: +alone.wallS.toFixed(2), pairS: pair.map((p) => +p.wallS.toFixed(2)),
      slowdownInParallel: +(slower.reduce((a, b) => a + b) / 2).toFixed(3),
      alone: { userPerWall: +alone.userPerWall.toFixed(2), systemPerWall: +alone.systemPerWall.toFixed(2) },
      pair: pair.map((p) => ({ userPerWall: +p.userPerWall.toFixed(2), systemPerWall: +p.systemPerWall.toFixed(2) })),
    }));
  }
}
