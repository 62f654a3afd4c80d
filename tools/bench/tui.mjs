#!/usr/bin/env node
// The live TUI's responsiveness (issue 27). Two runs:
//
// The default run mounts the real app (renderSweepApp, the path `seqsweep run` takes) on a 160x50 virtual terminal,
// attached to an in-memory transport, and publishes the results of a noop sweep of each size (its points x
// --folds trials of the filter stage, random losses from a seeded generator) as fast as the app takes them. It
// prints, per size: the cost of ingesting a result (the process's CPU time and the wall time from the first result
// to the frame that shows the last, divided by the results), how long a key press takes to show while results
// stream in (`?` toggles the help), then on the full leaderboard the time from a key press to the first frame that
// shows it, median and p95: down and up (the leaderboard's selection, which scrolls its window; with the app's own
// CPU time per press, which the machine's other work does not inflate) and `i` (the importance panel, open and
// closed again). Goal: a key press shown within 100 ms with 10,000 points. The figures
// are the machine's: the load average is printed with them.
//
//   node tools/bench/tui.mjs [--points 1000,10000] [--folds 2] [--presses 30] [--panel-presses 10]
//
// With --live, load on the live TUI instead: a sweep of 2,000 trials whose results arrive over ~20 s while 500
// progress messages a second stream in, from 8 workers with heartbeats. The app runs in its own process (the
// "watch process"), attached over IPC to the feeding process's in-memory transport, drawing on a 160x50 virtual
// terminal. Prints, every 5 s and overall: the watch process's CPU share (of one core), frames per second, RSS, and
// how long a key press takes to show (twice a second down or up). Targets: under 25% of one core, no unbounded
// growth of memory.
//
//   node tools/bench/tui.mjs --live [--seconds 20] [--trials 2000] [--progress 500]
import { fork } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    live: { type: 'boolean', default: false }, child: { type: 'boolean', default: false }, seconds: { type: 'string', default: '20' },
    trials: { type: 'string', default: '2000' }, progress: { type: 'string', default: '500' },
    points: { type: 'string', default: '1000,10000' }, folds: { type: 'string', default: '2' },
    presses: { type: 'string', default: '30' }, 'panel-presses': { type: 'string', default: '10' },
  },
});

/** A whole number of at least `min` from an option, or the script refuses it in one sentence. */
function count(name, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) refuseArg(import.meta.url, `--${name} takes a whole number of at least ${min} (${text} was given)`);
  return n;
}

if (opts.child) await child();
else if (opts.live) {
  printMachine();
  await parent();
} else {
  const sizes = opts.points.split(',').map((p) => count('points', p.trim(), 4));
  printMachine();
  await keysBench({ sizes, folds: count('folds', opts.folds, 1), presses: count('presses', opts.presses, 2), panelPresses: count('panel-presses', opts['panel-presses'], 0) });
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
  const { MemoryTransport, serveTransport, parseSpec, gridPoints, planStage, searchSpaceOf } = await import('@seqsweep/core');
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
  const plan = planStage({ spec, sweepId, stage: 'filter', points: gridPoints(searchSpaceOf(spec)) });

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
    summary: true, results: published, points: gridPoints(searchSpaceOf(spec)).length, progressMessages: progress, meanCpuShare: +mean('cpuShare').toFixed(3), meanFps: +mean('fps').toFixed(1),
    rssFirstMiB: +(samples[0]?.rssMiB ?? 0).toFixed(1), rssLastMiB: +(samples.at(-1)?.rssMiB ?? 0).toFixed(1),
    keyPresses: keys.length, keyMedianMs: pct(0.5), keyP90Ms: pct(0.9), keyMaxMs: +(keys.at(-1) ?? NaN).toFixed(1),
    target: 'cpuShare < 0.25, key press shown within 100 ms',
  }));
  app.send({ kind: 'stop' });
  await new Promise((resolve) => app.once('exit', resolve));
  await bridge.close();
  await transport.close();
}

/** The terminal the app draws on in the default run: an output stream that keeps the latest frame, and raw-mode keys. */
function virtualTerminal() {
  const plain = (text) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  const term = { frame: '', frames: 0, waiters: new Set() };
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      // Ink brackets each frame with short synchronised-update escapes; only the frame itself counts.
      if (chunk.length > 16) {
        term.frame = plain(String(chunk));
        term.frames++;
        if (process.env.TUI_BENCH_DEBUG) process.stderr.write(`--- frame ${term.frames}\n${term.frame}\n`);
        term.cpu = process.cpuUsage();
        for (const w of term.waiters) if (w.test(term.frame)) { term.waiters.delete(w); w.resolve(performance.now()); }
      }
      cb();
    },
  });
  Object.assign(stdout, { isTTY: true, columns: 160, rows: 50 });
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  /** Resolves with the time of the first frame from now on that passes `test`. */
  term.next = (test, what = 'the frame waited for') => new Promise((resolve, reject) => {
    const w = { test, resolve: (t) => { clearTimeout(timer); resolve(t); } };
    const timer = setTimeout(() => { term.waiters.delete(w); reject(new Error(`no frame showed ${what} within 600 s; the last frame:\n${term.frame}`)); }, 600_000);
    timer.unref();
    term.waiters.add(w);
  });
  term.selected = (frame = term.frame) => frame.split('\n').find((l) => l.includes('›')) ?? '';
  return { term, stdout, stdin };
}

/** A seeded uniform generator in [0, 1) (mulberry32), so that every run ranks the same losses. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Median, p95 and max of key-press times, in ms. */
function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  const ms = (v) => (v === undefined ? null : +v.toFixed(1));
  return { presses: sorted.length, medianMs: ms(at(0.5)), p95Ms: ms(at(0.95)), maxMs: ms(sorted.at(-1)) };
}

/**
 * One size of the default run: a noop sweep of `points` points, its filter results published through an in-memory
 * transport into the mounted app, then key presses on the full leaderboard.
 */
async function keysRun(points, { folds, presses, panelPresses }) {
  const { MemoryTransport, parseSpec, gridPoints, planStage, searchSpaceOf } = await import('@seqsweep/core');
  const { renderSweepApp } = await import('@seqsweep/tui');
  const transport = new MemoryTransport();
  const sizes = [8, 16];
  const spec = parseSpec({
    name: 'tui-keys', task: { name: 'noop' }, model: { name: 'lstm-ae' },
    grid: { learningRate: Array.from({ length: Math.ceil(points / sizes.length) }, (_, i) => Number((1e-5 * (i + 1)).toFixed(7))), hiddenSize: sizes },
    stages: { filter: { folds, keep: 1 }, evaluate: { folds } },
  });
  const sweepId = `tui-keys-${points}`;
  const queue = { ackWaitMs: 60_000, maxDeliver: 3 };
  await transport.ensureSweep(sweepId, queue);
  const created = new Date().toISOString();
  await transport.putSweep({ sweepId, name: spec.name, spec, stage: 'filter', status: 'running', createdAt: created, updatedAt: created, queue, pruned: [] });
  const plan = planStage({ spec, sweepId, stage: 'filter', points: gridPoints(searchSpaceOf(spec)) });
  const { term, stdout, stdin } = virtualTerminal();
  const app = renderSweepApp({ transport, stdout, stdin });
  const drawn = term.next((f) => f.includes('Leaderboard'), 'the leaderboard');
  await app.follow(sweepId);
  await drawn;

  // Ingest: every filter result, in chunks with a turn of the event loop between them, as a busy transport delivers.
  const random = seeded(points);
  const started = Date.now();
  const total = plan.length;
  const done = term.next((f) => f.includes(`${total}/${total} done`), `${total}/${total} done`);
  const help = [];
  let helpOpen = false;
  let pressing = true;
  // Twice a second, `?` while the results stream in: the help opens, or the leaderboard comes back.
  const helpPresses = (async () => {
    while (pressing) {
      await new Promise((r) => setTimeout(r, 500));
      if (!pressing) break;
      const want = !helpOpen;
      const shown = term.next((f) => f.includes('detach: leave the sweep running') === want, want ? 'the help' : 'the leaderboard again');
      const at = performance.now();
      stdin.write('?');
      helpOpen = want;
      help.push((await shown) - at);
    }
  })();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const chunk = 50;
  for (let i = 0; i < total; i += chunk) {
    for (const a of plan.slice(i, i + chunk)) {
      const loss = 0.1 + random() + 1e3 * Number(a.params.learningRate);
      void transport.publishResult({
        sweepId, trialId: a.trialId, pointId: a.pointId, stage: 'filter', params: a.params, fold: a.split.fold, status: 'completed',
        metrics: { loss, valLoss: loss * 1.1 }, history: Array.from({ length: 10 }, (_, e) => ({ loss: loss * (10 - e), valLoss: loss * 1.1 * (10 - e) })),
        bestEpoch: 9, worker: `bench-${i % 8}`, attempts: 1, durationMs: 100, backend: 'none', finishedAt: new Date(started + i).toISOString(),
      });
    }
    await new Promise((r) => setImmediate(r));
  }
  const t1 = await done;
  const cpu = process.cpuUsage(cpu0);
  pressing = false;
  await helpPresses;
  if (helpOpen) {
    const back = term.next((f) => !f.includes('detach: leave the sweep running'));
    stdin.write('?');
    await back;
  }
  const ingest = {
    results: total, wallMs: Math.round(t1 - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    usPerResult: +((1000 * (t1 - t0)) / total).toFixed(1), cpuUsPerResult: +((cpu.user + cpu.system) / total).toFixed(1), frames: term.frames,
  };

  // Key presses on the full leaderboard: down, then back up, each timed to the first frame whose selected row moved.
  const moves = [];
  // The first down selects the top row: untimed, so that each timed press moves the selection.
  const selected = term.next((f) => term.selected(f) !== '', 'a selected row');
  stdin.write('\u001b[B');
  await selected;
  // The process's CPU time from the press to its frame: what the press cost the app, whatever else the machine ran.
  const moveCpu = [];
  for (let i = 0; i < presses; i++) {
    const from = term.selected();
    const shown = term.next((f) => term.selected(f) !== from, 'the selection moved');
    const cpu = process.cpuUsage();
    const at = performance.now();
    stdin.write(i < Math.ceil(presses / 2) ? '\u001b[B' : '\u001b[A');
    moves.push((await shown) - at);
    moveCpu.push((term.cpu.user - cpu.user + term.cpu.system - cpu.system) / 1000);
  }
  // The importance panel: `i` opens it (the frame that shows its title), `i` again closes it.
  const panel = [];
  for (let i = 0; i < 2 * panelPresses; i++) {
    const open = i % 2 === 0;
    const shown = term.next((f) => f.includes('Parameter importance') === open);
    const at = performance.now();
    stdin.write('i');
    panel.push((await shown) - at);
  }
  await app.close();
  await transport.close();
  const cpuSorted = moveCpu.sort((a, b) => a - b);
  const selection = { ...summary(moves), cpuMedianMs: +cpuSorted[Math.floor(cpuSorted.length / 2)].toFixed(1) };
  return { points: gridPoints(searchSpaceOf(spec)).length, ingest, keysWhileIngesting: summary(help), selection, importancePanel: summary(panel) };
}

/** The default run: each size in turn, one JSON line each. */
async function keysBench({ sizes, folds, presses, panelPresses }) {
  process.env.NODE_ENV = 'production';
  for (const points of sizes) {
    const run = await keysRun(points, { folds, presses, panelPresses });
    console.log(JSON.stringify({ ...run, loadAverage: loadavg().map((v) => +v.toFixed(2)), goal: 'key press shown within 100 ms at 10,000 points' }));
  }
}
