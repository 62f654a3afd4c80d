#!/usr/bin/env node
// Load on the live TUI: a sweep of 2,000 trials whose results arrive over ~20 s while 500 progress messages a
// second stream in, from 8 workers with heartbeats. The app runs in its own process (the "watch process"),
// attached over IPC to the feeding process's in-memory transport, drawing on a 160x50 virtual terminal.
// Prints, every 5 s and overall: the watch process's CPU share (of one core), frames per second, RSS, and how long
// a key press takes to show: twice a second the bench presses down or up (moving the leaderboard's selection) and
// times the first frame whose selected row differs from the one before the press. Targets: under 25% of one core,
// no unbounded growth of memory, a key press shown within 100 ms (with 10,000 points: --trials 50000).
//
//   node tools/bench/tui.mjs [--seconds 20] [--trials 2000] [--progress 500]
import { fork } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    child: { type: 'boolean', default: false }, seconds: { type: 'string', default: '20' },
    trials: { type: 'string', default: '2000' }, progress: { type: 'string', default: '500' },
  },
});

if (opts.child) await child();
else {
  printMachine();
  await parent();
}

async function child() {
  process.env.NODE_ENV = 'production';
  const { IpcTransport } = await import('@seqsweep/core');
  const { renderSweepApp } = await import('@seqsweep/tui');
  const transport = new IpcTransport({ send: (f) => process.send(f), on: (e, l) => process.on(e, l), off: (e, l) => process.off(e, l) });
  let frames = 0;
  let bytes = 0;
  /** The selected leaderboard row as last drawn, and the key press waiting to show. */
  let selectedLine = '';
  /** @type {{ at: number; from: string } | undefined} */
  let press;
  /** @type {number[]} */
  let keyMs = [];
  const plain = (text) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  const seen = (chunk) => {
    const line = plain(String(chunk)).split('\n').find((l) => l.includes('›'));
    if (line === undefined) return;
    if (press && line !== press.from) {
      keyMs.push(performance.now() - press.at);
      press = undefined;
    }
    selectedLine = line;
  };
  // Ink brackets each frame with short synchronised-update escapes; only the frame itself counts.
  const stdout = new Writable({ write(chunk, _enc, cb) { if (chunk.length > 16) { frames++; seen(chunk); } bytes += chunk.length; cb(); } });
  Object.assign(stdout, { isTTY: true, columns: 160, rows: 50 });
  // A terminal's stdin, as Ink asks of one before it takes keys.
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  const app = renderSweepApp({ transport, stdout, stdin });
  process.on('message', async (m) => {
    if (m?.kind === 'follow') app.follow(m.sweepId).catch((e) => console.error('follow failed:', e));
    if (m?.kind === 'stop') {
      await app.close();
      await transport.close();
      process.exit(0);
    }
  });
  let presses = 0;
  setInterval(() => {
    // A press still waiting to show is timed from its own start; the first one selects a row.
    press ??= { at: performance.now(), from: selectedLine };
    stdin.write(presses++ % 2 === 0 ? '\u001b[B' : '\u001b[A');
  }, 500).unref();
  let last = { cpu: process.cpuUsage(), t: performance.now(), frames: 0 };
  setInterval(() => {
    const cpu = process.cpuUsage(last.cpu);
    const t = performance.now();
    const wall = t - last.t;
    process.send({ kind: 'sample', cpuShare: (cpu.user + cpu.system) / 1000 / wall, fps: ((frames - last.frames) * 1000) / wall, rssMiB: process.memoryUsage().rss / 2 ** 20, bytes, keyMs });
    keyMs = [];
    last = { cpu: process.cpuUsage(), t, frames };
  }, 5000).unref();
  process.send({ kind: 'ready' });
}

async function parent() {
  const seconds = Number(opts.seconds);
  const trials = Number(opts.trials);
  const progressPerS = Number(opts.progress);
  const { MemoryTransport, serveTransport, parseSpec, expandGrid, planStage } = await import('@seqsweep/core');
  const transport = new MemoryTransport();
  const points = trials / 5;
  const spec = parseSpec({
    name: 'tui-bench', task: { name: 'noop' }, model: { name: 'lstm-ae' },
    grid: { learningRate: Array.from({ length: points / 4 }, (_, i) => Number((1e-4 * (i + 1)).toFixed(6))), hiddenSize: [8, 16, 32, 64] },
    stages: { filter: { folds: 5, keep: 4 }, evaluate: { folds: 5 } },
  });
  const sweepId = 'tui-bench';
  const queue = { ackWaitMs: 60_000, maxDeliver: 3 };
  await transport.ensureSweep(sweepId, queue);
  const now = new Date().toISOString();
  await transport.putSweep({ sweepId, name: spec.name, spec, stage: 'filter', status: 'running', createdAt: now, updatedAt: now, queue, pruned: [] });
  const plan = planStage({ spec, sweepId, stage: 'filter', points: expandGrid(spec.grid) });

  const app = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const bridge = serveTransport(transport, { send: (f) => app.connected && app.send(f), on: (e, l) => app.on(e, l), off: (e, l) => app.off(e, l) });
  const samples = [];
  app.on('message', (m) => {
    if (m?.kind !== 'sample') return;
    samples.push(m);
    const keys = [...m.keyMs].sort((a, b) => a - b);
    console.log(JSON.stringify({ t: samples.length * 5, cpuShare: +m.cpuShare.toFixed(3), fps: +m.fps.toFixed(1), rssMiB: +m.rssMiB.toFixed(1), keyPresses: keys.length, keyMedianMs: +(keys[Math.floor(keys.length / 2)] ?? NaN).toFixed(1), keyMaxMs: +(keys.at(-1) ?? NaN).toFixed(1) }));
  });
  await new Promise((resolve) => app.on('message', (m) => m?.kind === 'ready' && resolve()));
  app.send({ kind: 'follow', sweepId });

  const workers = Array.from({ length: 8 }, (_, i) => `bench-${i + 1}`);
  const start = performance.now();
  let published = 0;
  let progress = 0;
  const tick = 20;
  const beat = setInterval(() => {
    for (const [i, w] of workers.entries()) {
      void transport.publishHeartbeat({ workerId: w, host: 'bench', pid: i, state: 'training', sweepId, trialId: plan[(published + i) % plan.length].trialId, done: published, backend: 'none', ts: Date.now() });
    }
  }, 2000);
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - start) / 1000;
      const dueResults = Math.min(plan.length, Math.floor((elapsed / seconds) * plan.length));
      for (; published < dueResults; published++) {
        const a = plan[published];
        const loss = 1 / (1 + published);
        void transport.publishResult({
          sweepId, trialId: a.trialId, pointId: a.pointId, stage: 'filter', params: a.params, fold: a.split.fold, status: 'completed',
          metrics: { loss, valLoss: loss * 1.1 }, history: Array.from({ length: 10 }, (_, e) => ({ loss: loss * (10 - e), valLoss: loss * (11 - e) })),
          bestEpoch: 9, worker: workers[published % 8], attempts: 1, durationMs: 100, backend: 'none', finishedAt: new Date().toISOString(),
        });
      }
      const dueProgress = Math.floor(elapsed * progressPerS);
      for (; progress < dueProgress; progress++) {
        const a = plan[(published + (progress % 8)) % plan.length];
        void transport.publishProgress({ sweepId, trialId: a.trialId, pointId: a.pointId, stage: 'filter', worker: workers[progress % 8], epoch: 1 + (progress % 10), epochs: 10, loss: 1 / (1 + (progress % 97)), ts: Date.now() });
      }
      if (elapsed >= seconds + 5) {
        clearInterval(timer);
        resolve();
      }
    }, tick);
  });
  clearInterval(beat);
  const steady = samples.slice(1);
  const mean = (k) => steady.reduce((s, x) => s + x[k], 0) / Math.max(1, steady.length);
  const keys = samples.flatMap((x) => x.keyMs).sort((a, b) => a - b);
  const pct = (q) => +(keys[Math.min(keys.length - 1, Math.floor(keys.length * q))] ?? NaN).toFixed(1);
  console.log(JSON.stringify({
    summary: true, results: published, points: expandGrid(spec.grid).length, progressMessages: progress, meanCpuShare: +mean('cpuShare').toFixed(3), meanFps: +mean('fps').toFixed(1),
    rssFirstMiB: +(samples[0]?.rssMiB ?? 0).toFixed(1), rssLastMiB: +(samples.at(-1)?.rssMiB ?? 0).toFixed(1),
    keyPresses: keys.length, keyMedianMs: pct(0.5), keyP90Ms: pct(0.9), keyMaxMs: +(keys.at(-1) ?? NaN).toFixed(1),
    target: 'cpuShare < 0.25, key press shown within 100 ms',
  }));
  app.send({ kind: 'stop' });
  await new Promise((resolve) => app.once('exit', resolve));
  await bridge.close();
  await transport.close();
}
