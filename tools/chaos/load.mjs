#!/usr/bin/env node
// The load run of docs/benchmarks.md: 2 `seqsweep worker` processes against one coordinator (`seqsweep run --nats
// ... --no-tui`) on this machine, over a nats-server on a random port with a temporary file store, on noop trials:
// sweeps of 1,000, 10,000 and 100,000 trials. Prints, at each size, the coordinator's overhead per trial (wall time
// less a 13-trial run's, over the extra trials), its peak RSS and its CPU time, and the largest size against the
// smallest. Exits 1 when a trial is lost or recorded twice, a worker dies, the coordinator's peak RSS passes
// 1,024 MiB, or the overhead per trial at the largest size is over 1.5x that at the smallest.
//
//   node tools/chaos/load.mjs [--workers 2] [--sizes 1000,10000,100000] [--keep]
//
// Needs the build (npx tsc -b tsconfig.json) and nats-server on PATH or at /usr/sbin/nats-server.
import { natsServerAvailable } from '@seqsweep/transport-nats/testing';
import { LOAD_LIMITS, loadProblems, ratios, runLoad } from './load-run.mjs';
import { machineLine, printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: { workers: { type: 'string', default: '2' }, sizes: { type: 'string', default: '1000,10000,100000' }, keep: { type: 'boolean', default: false } },
});
const workers = Number(opts.workers);
const sizes = opts.sizes.split(',').map(Number);
if (!Number.isInteger(workers) || workers < 1 || sizes.some((n) => !Number.isInteger(n) || n < 20)) {
  refuseArg(import.meta.url, '--workers takes a whole number of at least 1, and --sizes whole numbers of at least 20 trials, comma-separated');
}
if (!natsServerAvailable()) {
  console.error('nats-server was not found on PATH or at /usr/sbin/nats-server: install it (apt-get install nats-server)');
  process.exit(1);
}

const machine = printMachine();
const t0 = Date.now();
const report = await runLoad({ workers, sizes, keep: opts.keep, log: (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)}s] ${line}`) });
const r = ratios(report);
const problems = loadProblems(report);
const w = report.workerRssMiB;
console.log('');
console.log(`load run: node tools/chaos/load.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(machineLine(machine));
console.log(`workers: ${report.workers} ready in ${(report.workersReadyMs / 1000).toFixed(1)} s; RSS each ${w.idleMedian} MiB idle (median), ${w.idleTotal} MiB all together; largest peak ${w.peakMax} MiB`);
console.log(`fixed cost of a run (${report.fixed.trials} trials): ${(report.fixed.wallMs / 1000).toFixed(2)} s, coordinator peak RSS ${report.fixed.peakRssMiB} MiB`);
console.log('| trials | wall s | overhead ms/trial | steady ms/trial | coordinator peak RSS MiB | coordinator CPU s | CPU ms/trial | recorded once | workers used |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of report.rows) {
  console.log(`| ${row.trials} | ${(row.wallMs / 1000).toFixed(1)} | ${row.perTrialMs} | ${row.steadyMsPerTrial ?? '-'} | ${row.peakRssMiB} | ${(row.cpuMs / 1000).toFixed(1)} | ${(row.cpuMs / row.trials).toFixed(3)} | ${row.unique}/${row.trials} | ${row.workers} |`);
}
const [first, last] = [report.rows[0], report.rows.at(-1)];
console.log(`${last.trials} vs ${first.trials} trials: overhead per trial ${r.perTrialRatio}x (limit ${LOAD_LIMITS.perTrialRatio}x), coordinator CPU per trial ${r.cpuPerTrialRatio}x, steady pace ${r.steadyRatio}x, peak RSS ${r.rssRatio}x (limit ${LOAD_LIMITS.rssMiB} MiB at any size)`);
for (const p of problems) console.log(`FAIL: ${p}`);
console.log(problems.length === 0 ? 'load run passed' : `load run FAILED (${problems.length})`);
process.exit(problems.length === 0 ? 0 : 1);
