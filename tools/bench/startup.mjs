#!/usr/bin/env node
// Start-up of the seqsweep command against a bare `node -e 0`: `seqsweep --help` and `seqsweep plan
// examples/toy.yaml`, each run --runs times (default 5) side by side, interleaved, so a load that comes and goes on
// the machine falls on all three alike. It prints the median wall time of each, the ratios to node -e 0 against
// the targets (--help within 3x, plan within 4x), the peak RSS of each, and the RSS of `seqsweep watch` at start:
// a watch on a sweep recorded on a nats-server that this script starts on a random loopback port with a temporary
// store, read from /proc/<pid>/status once watch has printed its first line.
//
//   node tools/bench/startup.mjs [--runs 5] [--nats-server /usr/sbin/nats-server] [--cli other/packages/cli/dist/main.js]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    runs: { type: 'string', default: '5' },
    'nats-server': { type: 'string', default: '/usr/sbin/nats-server' },
    // Another build of the command (another checkout's packages/cli/dist/main.js), to compare before and after.
    cli: { type: 'string', default: fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url)) },
  },
});
const RUNS = Number(opts.runs);
const CLI = opts.cli;
const TOY = fileURLToPath(new URL('../../examples/toy.yaml', import.meta.url));
const TARGETS = { help: 3, plan: 4 };

const cases = [
  { id: 'node', label: 'node -e 0', args: ['-e', '0'] },
  { id: 'help', label: 'seqsweep --help', args: [CLI, '--help'] },
  { id: 'plan', label: 'seqsweep plan examples/toy.yaml', args: [CLI, 'plan', TOY] },
];

/** Runs `node args` to its end; resolves with its wall time (ms) and exit code. Output is discarded. */
function timed(args, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ ms: performance.now() - t0, code }));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak RSS (MiB) of one run of `args`: a preload writes `process.resourceUsage().maxRSS` at exit. */
async function peakRss(args, dir) {
  const out = join(dir, `rss-${Math.random().toString(36).slice(2)}.txt`);
  const preload = join(dir, 'rss-preload.cjs');
  await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`);
  await timed(['--require', preload, ...args]);
  return Number(await readFile(out, 'utf8')) / 1024;
}

/** Starts nats-server on a random loopback port (-p -1) and resolves with its URL once it listens. */
function startNats(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(opts['nats-server'], ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', join(dir, 'js')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const early = (code) => reject(new Error(`nats-server exited (${code}): ${log}`));
    child.once('error', reject);
    child.once('exit', early);
    const onLog = (d) => {
      log += d.toString();
      const port = /Listening for client connections on 127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port && /Server is ready/.test(log)) {
        child.off('exit', early);
        child.stderr.off('data', onLog);
        child.stderr.resume();
        resolve({ child, url: `nats://127.0.0.1:${port}` });
      }
    };
    child.stderr.on('data', onLog);
  });
}

/** Starts `seqsweep args`; resolves with the child once a stdout or stderr line matches `pattern`. */
function startCli(args, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const onData = (d) => {
      text += d.toString();
      if (pattern.test(text)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`seqsweep ${args[0]} exited (${code}) before its first line: ${text}`)));
  });
}

const stop = (child) => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.removeAllListeners('exit');
  child.once('exit', resolve);
  child.kill('SIGTERM');
});

/** RSS (MiB) of `seqsweep watch` at its first line, on a running sweep that no worker serves. */
async function watchRss(dir) {
  const nats = await startNats(dir);
  const started = [];
  try {
    const coordinator = await startCli(['run', TOY, '--nats', nats.url, '--workers', '0', '--no-tui', '--out', join(dir, 'runs')], /stage filter/);
    started.push(coordinator);
    const watch = await startCli(['watch', '--nats', nats.url], /\n/);
    started.push(watch);
    const status = await readFile(`/proc/${watch.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s*(\d+) kB/m.exec(status)[1]) / 1024;
  } finally {
    for (const c of started.reverse()) await stop(c);
    await stop(nats.child);
  }
}

printMachine();
console.log(`measured at ${new Date().toISOString()}`);
console.log(`${CLI}: ${RUNS} runs of each, interleaved; the medians`);
const dir = await mkdtemp(join(tmpdir(), 'seqsweep-startup-'));
try {
  const times = Object.fromEntries(cases.map((c) => [c.id, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      const { ms, code } = await timed(c.args);
      if (code !== 0) throw new Error(`${c.label} exited ${code}`);
      times[c.id].push(ms);
    }
  }
  const base = median(times.node);
  for (const c of cases) {
    const ms = median(times[c.id]);
    const rss = await peakRss(c.args, dir);
    const ratio = ms / base;
    const target = TARGETS[c.id];
    const verdict = target ? `  ${ratio.toFixed(2)}x node -e 0 (target ${target}x: ${ratio <= target ? 'met' : 'not met'})` : '';
    console.log(`${c.label.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  peak RSS ${rss.toFixed(0).padStart(4)} MiB${verdict}`);
  }
  console.log(`${'seqsweep watch (at its first line)'.padEnd(32)} ${''.padStart(9)}  RSS      ${(await watchRss(dir)).toFixed(0).padStart(4)} MiB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
