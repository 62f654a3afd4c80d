#!/usr/bin/env node
// Fold racing against the full sweep, side by side in one run: each workload runs once without racing and once
// per --tolerances value with `race` on in both stages, through the CLI with local workers. Prints the machine
// first, then per run the trial compute (the sum of every trial's durationMs), the wall time, the best point and
// its cv mean ± std, and per raced run the compute ratios and whether its best is the full run's best or within
// one std of its cv mean. Target: at least 2x less trial compute. Racing's ceiling is printed beside it: a
// raced-out point still runs minFolds folds, so no stage can run fewer than minFolds of its k folds of every
// point. Trials are seeded, so a fold trains to the same figures in both runs; racing only skips folds. Compute
// ratios are less sensitive to other load on the machine than wall times; the ratio of epochs trained (summed
// over trials) not at all; the raced run priced at the full run's trial durations carries one run's load, not
// the two runs' against each other.
// Build first (npm install).
//
//   node tools/bench/race.mjs [--workloads toy,toy27,mnist,sp500 (and toy10)] [--workers 2] [--test t|wilcoxon]
//     [--samples 800] [--limit 1500] [--epochs 1] [--alpha 0.05] [--min-folds 2] [--tolerances 0]
//   --tolerances: one raced run per value (comma-separated, e.g. 0,0.02,0.05), each against the same full run
//   --samples: toy sequences; --limit: MNIST images; --epochs: divides every stage's epochs (1 = as in the example)
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';
import { exampleSpec, runCli, shrinkEpochs } from './cli-sweeps.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    workloads: { type: 'string', default: 'toy,toy27,mnist,sp500' }, workers: { type: 'string', default: '2' }, alpha: { type: 'string', default: '0.05' },
    'min-folds': { type: 'string', default: '2' }, test: { type: 'string', default: 't' }, tolerances: { type: 'string', default: '0' },
    samples: { type: 'string', default: '800' }, limit: { type: 'string', default: '1500' }, epochs: { type: 'string', default: '1' },
  },
});
const workloads = opts.workloads.split(',');
const workers = Number(opts.workers);
const race = { alpha: Number(opts.alpha), minFolds: Number(opts['min-folds']), test: opts.test };
const tolerances = opts.tolerances.split(',').map(Number);
if (tolerances.some((t) => !(t >= 0 && t < 1))) refuseArg(import.meta.url, `--tolerances takes fractions from 0 to below 1, not ${opts.tolerances}`);
const samples = Number(opts.samples);
const limit = Number(opts.limit);
const epochDiv = Number(opts.epochs);


/** Divides a stage's epochs by --epochs, at least one. */
const shrink = (spec) => shrinkEpochs(spec, epochDiv);
const example = exampleSpec;

/** The workloads by name: each a spec built from an example, at the sizes the flags give. */
const WORKLOADS = {
  toy: async () => {
    const s = await example('toy');
    s.task.samples = samples;
    return { label: `examples/toy.yaml (samples ${samples})`, spec: shrink(s) };
  },
  toy27: async () => {
    const s = await example('toy');
    s.name = 'toy27';
    s.task.samples = samples;
    s.grid = { hiddenSize: [8, 16, 32], learningRate: [0.1, 0.01, 0.001], gradientClip: [1, 2, 5] };
    return { label: `27-point toy grid (samples ${samples})`, spec: shrink(s) };
  },
  // The toy example with 10 evaluate folds: racing's ceiling grows with the folds a raced-out point skips.
  toy10: async () => {
    const s = await example('toy');
    s.name = 'toy10';
    s.task.samples = samples;
    s.stages.evaluate.folds = 10;
    return { label: `examples/toy.yaml with 10 evaluate folds (samples ${samples})`, spec: shrink(s) };
  },
  mnist: async () => {
    const s = await example('mnist-rows');
    s.task.limit = limit;
    return { label: `examples/mnist-rows.yaml (limit ${limit})`, spec: shrink(s) };
  },
  sp500: async () => ({ label: 'examples/sp500.yaml', spec: shrink(await example('sp500')) }),
};

async function runSweep(dir, name, spec) {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(spec));
  const load = loadavg()[0];
  const t0 = performance.now();
  const out = await runCli(['run', path, '--workers', String(workers), '--no-tui', '--out', join(dir, 'runs')]);
  const wallS = (performance.now() - t0) / 1000;
  const sweepId = out.match(/^sweep (\S+)$/m)?.[1];
  const results = JSON.parse(await readFile(join(dir, 'runs', sweepId, 'results.json'), 'utf8'));
  const computeS = results.trials.reduce((a, t) => a + t.durationMs, 0) / 1000;
  const stagesS = results.trials.filter((t) => t.stage !== 'final').reduce((a, t) => a + t.durationMs, 0) / 1000;
  const trained = results.trials.filter((t) => !NOT_TRAINED.has(t.status)).length;
  // Epochs trained do not depend on the machine's load: a load-free measure of the same compute.
  const epochs = results.trials.reduce((a, t) => a + t.history.length, 0);
  const perStage = Object.fromEntries(['filter', 'evaluate'].map((stage) => {
    const of = results.trials.filter((t) => t.stage === stage);
    return [stage, `${of.filter((t) => !NOT_TRAINED.has(t.status)).length}/${of.length}`];
  }));
  return { results, wallS, computeS, stagesS, trained, epochs, perStage, trials: results.trials.length, load };
}

/** Statuses of folds recorded without training (core's `wasTrained` says the same). */
const NOT_TRAINED = new Set(['raced-out', 'pruned', 'skipped']);
const fmt = (v, d = 4) => (typeof v === 'number' ? Number(v.toPrecision(d)) : v);
/** A trial's place in the plan, the same in both runs of a workload: stage, point and fold. */
const trialKey = (t) => `${t.stage} ${JSON.stringify(t.params)} ${t.fold}`;
const cvOf = (run) => run.results.best?.cv ?? { mean: null, std: null, folds: 0 };

printMachine({ backend: 'wasm in the local workers' });
console.log(`racing: ${JSON.stringify(race)} in both stages, tolerance ${tolerances.join(' and ')}; ${workers} local workers; epochs divided by ${epochDiv}`);
const dir = await mkdtemp(join(tmpdir(), 'seqsweep-race-'));
const summary = [];
try {
  for (const name of workloads) {
    const { label, spec } = await WORKLOADS[name]();
    const full = await runSweep(dir, `${name}-full`, spec);
    const runs = [['full', full]];
    for (const tolerance of tolerances) {
      const raced = structuredClone(spec);
      raced.stages.filter.race = { ...race, tolerance };
      raced.stages.evaluate.race = { ...race, tolerance };
      runs.push([`race, tolerance ${tolerance}`, await runSweep(dir, `${name}-race-${tolerance}`, raced)]);
    }
    for (const [kind, r] of runs) {
      const cv = cvOf(r);
      console.log(JSON.stringify({
        workload: name, run: kind, computeS: fmt(r.computeS), filterEvaluateS: fmt(r.stagesS), wallS: fmt(r.wallS), trained: r.trained, trials: r.trials, trainedPerStage: r.perStage, epochs: r.epochs,
        best: r.results.best?.params ?? null, cvMean: fmt(cv.mean), cvStd: fmt(cv.std), cvFolds: cv.folds, loadBefore: fmt(r.load, 3),
      }));
    }
    const a = cvOf(full);
    // The most racing could save: every point of the full run's stages running only its first minFolds folds.
    const floor = full.results.trials.filter((t) => t.stage === 'final' || t.fold < race.minFolds).reduce((n, t) => n + t.history.length, 0);
    // The raced run's trials priced at the full run's durations (the same stage, point and fold trains the same
    // epochs in both runs): a compute ratio that one run's load sets, not the two runs' loads against each other.
    const fullMs = new Map(full.results.trials.map((t) => [trialKey(t), t.durationMs]));
    for (const [kind, fast] of runs.slice(1)) {
      const pricedS = fast.results.trials.filter((t) => !NOT_TRAINED.has(t.status)).reduce((a, t) => a + (fullMs.get(trialKey(t)) ?? t.durationMs), 0) / 1000;
      const same = JSON.stringify(full.results.best?.params) === JSON.stringify(fast.results.best?.params);
      // Another best point is judged by its cv mean over every fold, from the full run (a raced run's best may have
      // run fewer folds once its race was decided): within one std of the full run's best, and by how much.
      const other = full.results.leaderboard.find((e) => e.stage === 'evaluate' && e.pointId === fast.results.best?.pointId);
      const gap = same ? 0 : typeof other?.mean === 'number' && a.mean !== null ? Math.abs(other.mean - a.mean) : null;
      const within = gap !== null && a.std !== null && gap <= a.std;
      const row = {
        workload: name, run: kind, label, computeRatio: fmt(full.computeS / fast.computeS, 3), pricedRatio: fmt(full.computeS / pricedS, 3), filterEvaluateRatio: fmt(full.stagesS / fast.stagesS, 3),
        epochRatio: fmt(full.epochs / fast.epochs, 3), epochCeiling: fmt(full.epochs / floor, 3), wallRatio: fmt(full.wallS / fast.wallS, 3), sameBest: same, withinOneStd: within,
        bestGapPercent: gap === null || a.mean === null ? null : fmt((100 * gap) / Math.abs(a.mean), 3),
      };
      summary.push(row);
      console.log(`${name} (${kind}): ${label}: ${row.computeRatio}x less trial compute (${row.pricedRatio}x at the full run's trial durations, ${row.filterEvaluateRatio}x over the raced stages, ${row.epochRatio}x fewer epochs trained of at most ${row.epochCeiling}x), ` +
        `${row.wallRatio}x wall; best ${same ? 'the same' : within ? `another, within one std of the full best (${row.bestGapPercent}% off its cv mean)` : 'another, NOT within one std'}`);
    }
  }
  console.log(JSON.stringify({ summary }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
