#!/usr/bin/env node
// The chaos run of docs/reliability.md: a noop sweep over a real nats-server with file storage while workers are
// SIGKILLed and replaced, the server is restarted (once stopped, once killed), and the coordinator is SIGKILLed and
// resumed; then the same spec runs fault-free and the two are compared. Exits 1 when any invariant fails.
//
//   node tools/chaos/chaos.mjs [--trials 240] [--workers 4] [--kills 12] [--server-restarts 2]
//     [--coordinator-kills 1] [--seed 7] [--sleep-ms 250] [--ack-wait 3000] [--max-deliver 3] [--keep] [--quiet]
//     [--cluster leader|idle|rotate] [--server-down-results N] [--follow-cluster]
//
// With --cluster the sweep runs on a 3-node JetStream cluster with --replicas 3, and each server restart SIGKILLs
// one node (the leader of the work-queue stream, one that leads nothing, or those in turn), lets the sweep make
// --server-down-results more results without it (default 5% of the trials), then starts it again. With
// --follow-cluster no process passes --replicas and the workers create the streams before `run` starts.
//
// Needs the build (npx tsc -b tsconfig.json) and nats-server on PATH or at /usr/sbin/nats-server.
import { natsServerAvailable } from '@seqsweep/transport-nats/testing';
import { CHAOS_DEFAULTS, runChaos, summaryTable } from './harness.mjs';
import { machineLine, printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';

const NUMERIC = {
  trials: 'trials', workers: 'workers', kills: 'workerKills', 'server-restarts': 'serverRestarts', 'coordinator-kills': 'coordinatorKills',
  seed: 'seed', 'sleep-ms': 'sleepMs', 'ack-wait': 'ackWaitMs', 'max-deliver': 'maxDeliver', 'server-down-ms': 'serverDownMs', 'timeout-ms': 'timeoutMs',
  'server-down-results': 'serverDownResults',
};
const VICTIMS = ['leader', 'idle', 'rotate'];

const { values } = toolArgs(import.meta.url, {
  options: {
    ...Object.fromEntries(Object.keys(NUMERIC).map((k) => [k, { type: 'string' }])),
    keep: { type: 'boolean' }, quiet: { type: 'boolean' }, cluster: { type: 'string' }, 'follow-cluster': { type: 'boolean' },
  },
});
const options = values.keep ? { keep: true } : {};
for (const [name, key] of Object.entries(NUMERIC)) {
  if (values[name] === undefined) continue;
  if (!/^\d+$/.test(values[name])) refuseArg(import.meta.url, `--${name} needs a whole number, not "${values[name]}"`);
  options[key] = Number(values[name]);
}
if (values.cluster !== undefined) {
  if (!VICTIMS.includes(values.cluster)) refuseArg(import.meta.url, `--cluster takes one of ${VICTIMS.join(', ')}, not "${values.cluster}"`);
  options.cluster = values.cluster;
}
if (values['follow-cluster']) {
  if (options.cluster === undefined) refuseArg(import.meta.url, '--follow-cluster needs --cluster');
  options.followCluster = true;
}
const quiet = values.quiet === true;
if (!natsServerAvailable()) {
  console.error('nats-server was not found on PATH or at /usr/sbin/nats-server: install it (apt-get install nats-server)');
  process.exit(1);
}
const machine = printMachine();
const t0 = Date.now();
const report = await runChaos({ ...options, log: quiet ? undefined : (line) => console.log(line) });
const o = { ...CHAOS_DEFAULTS, ...options };
console.log('');
console.log(`chaos run: node tools/chaos/chaos.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(machineLine(machine));
console.log(`settings: seed ${o.seed}, sleep ${o.sleepMs} ms, ack wait ${o.ackWaitMs} ms, max deliver ${o.maxDeliver}`);
for (const line of summaryTable(report)) console.log(line);
console.log(`total wall time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (report.failures.length) {
  console.log('\nINVARIANTS FAILED:');
  for (const f of report.failures) console.log(`  - ${f}`);
  if (o.keep) console.log(`logs and stores kept in ${report.workDir}`);
  process.exit(1);
}
console.log('\nall invariants hold');
