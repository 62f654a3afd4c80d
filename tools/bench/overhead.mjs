#!/usr/bin/env node
// Overhead of the sweep machinery per trial: N `noop` trials (which train nothing) through each transport with
// 2 workers, side by side in one run, for the embedded default (in-memory, local worker processes over IPC) and
// for NATS JetStream (a nats-server on a random port, 2 `seqsweep worker`s). Each transport also runs a sweep of
// 13 trials: the difference is the marginal cost per trial, without the fixed cost of a run (starting the CLI,
// connecting, writing results.json and the report), which is printed separately.
//
// With --cluster it compares replicas instead: the same NATS sweep on a 3-node JetStream cluster with every stream
// and bucket at R1 and at R3 (each under its own prefix, with its own 2 workers), side by side in one run.
//
//   node tools/bench/overhead.mjs [--trials 5000] [--cluster]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsCluster, startNatsServer, natsServerAvailable } from '@seqsweep/transport-nats/testing';
import { cli, writeNoopSpec as spec } from '../lib/noop-sweep.mjs';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, { options: { trials: { type: 'string', default: '5000' }, cluster: { type: 'boolean', default: false } } });
const trials = Number(opts.trials);
const clusterMode = opts.cluster;
printMachine();

async function wall(run) {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** Times a small and a big sweep through `run(specPath)` and prints the marginal cost per trial. */
async function measure(label, small, big, run) {
  const smallMs = await wall(() => run(small.path, small.total));
  const bigMs = await wall(() => run(big.path, big.total));
  const perTrial = (bigMs - smallMs) / (big.total - small.total);
  const row = {
    transport: label, trials: big.total, wallS: +(bigMs / 1000).toFixed(2), fixedS: +((smallMs - perTrial * small.total) / 1000).toFixed(2),
    msPerTrial: +perTrial.toFixed(3), trialsPerS: Math.round(1000 / perTrial), wallMsPerTrial: +(bigMs / big.total).toFixed(3),
  };
  console.log(JSON.stringify(row));
  return row;
}

const dir = await mkdtemp(join(tmpdir(), 'seqsweep-overhead-'));
const small = await spec(join(dir), 11, 'small.json');
const big = await spec(dir, trials, 'big.json');
const out = join(dir, 'runs');
const rows = [];
const runArgs = (path, total) => ['run', path, '--out', out, '--no-tui', '--max-trials', String(total + 10)];
/** Measures a NATS sweep with 2 `seqsweep worker` processes on the connection arguments `nats`. */
async function measureNats(label, nats) {
  const workers = [cli(['worker', ...nats], { wait: false }), cli(['worker', ...nats], { wait: false })];
  try {
    return await measure(label, small, big, (path, total) => cli([...runArgs(path, total), ...nats]).exited);
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }
}

if (clusterMode) {
  if (!natsServerAvailable()) throw new Error('nats-server not found: --cluster needs it');
  const cluster = await startNatsCluster();
  try {
    for (const replicas of [1, 3]) {
      rows.push(await measureNats(`nats cluster of 3, R${replicas} (2 worker processes)`, ['--nats', cluster.url, '--prefix', `bench-r${replicas}`, '--replicas', String(replicas)]));
    }
  } finally {
    await cluster.stop();
  }
  console.log(`R3 / R1 marginal time per trial: ${(rows[1].msPerTrial / rows[0].msPerTrial).toFixed(2)}x`);
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}
rows.push(await measure('memory (2 local workers over IPC)', small, big, (path, total) => cli([...runArgs(path, total), '--workers', '2']).exited));
if (natsServerAvailable()) {
  const server = await startNatsServer();
  try {
    rows.push(await measureNats('nats (2 worker processes)', ['--nats', server.url, '--prefix', 'bench']));
  } finally {
    await server.stop();
  }
} else {
  console.log('nats-server not found: NATS row skipped');
}
if (rows.length === 2) console.log(`nats / memory marginal time per trial: ${(rows[1].msPerTrial / rows[0].msPerTrial).toFixed(2)}x`);
await rm(dir, { recursive: true, force: true });
