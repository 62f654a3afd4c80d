#!/usr/bin/env node
// Search strategies on the study's real toy task, side by side in one run, through the CLI with local workers:
// examples/toy.yaml's 18-point grid against random, sobol and tpe drawing as many points of the same box as a
// continuous space (examples/toy-tpe.yaml's: learningRate loguniform 1e-3..0.1, hiddenSize int 8..32 log,
// gradientClip uniform 1..5), and tpe at half the grid's points (with --half-startup random points first: tpe's
// default of 10 would leave no point to its model). Stage one runs as in the example (3 folds, 6 epochs); stage two
// is cut to 2 folds of 1 epoch and the final retrain is off, so the figures are stage one's. Prints the machine
// line, then per run the best point's cv mean ± std over its stage-one folds, its params, the trial compute of stage
// one (the sum of its trials' durationMs) and the epochs it trained, and the goal: tpe at half the grid's trials
// reaches a best cv mean within the grid best's std (best mean <= grid best mean + grid best std, valLoss being
// minimised). Trials are seeded, so a point trains to the same figures whichever run draws it.
// Build first (npm install).
//
//   node tools/bench/search-toy.mjs [--samples 4000] [--workers 2] [--seeds 42] [--half-startup 4]
//     [--runs grid,random,sobol,tpe,tpe-half]
//   --seeds: one set of runs per sweep seed (comma-separated); the goal is judged per seed
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';
import { exampleSpec, runCli } from './cli-sweeps.mjs';

const RUNS = ['grid', 'random', 'sobol', 'tpe', 'tpe-half'];
const { values: opts } = toolArgs(import.meta.url, {
  options: {
    samples: { type: 'string', default: '4000' }, workers: { type: 'string', default: '2' }, seeds: { type: 'string', default: '42' },
    'half-startup': { type: 'string', default: '4' }, runs: { type: 'string', default: RUNS.join(',') },
  },
});
const samples = Number(opts.samples);
const workers = Number(opts.workers);
const seeds = opts.seeds.split(',').map(Number);
const halfStartup = Number(opts['half-startup']);
const runs = opts.runs.split(',');
if (!(Number.isInteger(samples) && samples >= 100) || !(Number.isInteger(workers) && workers >= 1) || seeds.some((s) => !Number.isInteger(s)) || !(Number.isInteger(halfStartup) && halfStartup >= 1)) {
  refuseArg(import.meta.url, '--samples takes a whole number of at least 100, --workers and --half-startup whole numbers of at least 1, --seeds whole numbers');
}
const unknown = runs.filter((r) => !RUNS.includes(r));
if (unknown.length) refuseArg(import.meta.url, `unknown run ${unknown.join(', ')}; choose from ${RUNS.join(', ')}`);

const toy = await exampleSpec('toy');
const tpeSpace = (await exampleSpec('toy-tpe')).space;
const gridPoints = Object.values(toy.grid).reduce((n, values) => n * values.length, 1);
const half = Math.floor(gridPoints / 2);

/** The toy example with stage one as it is and stage two reduced to almost nothing. */
function specFor(run, seed) {
  const s = structuredClone(toy);
  s.name = `toy-${run}`;
  s.seed = seed;
  s.task.samples = samples;
  s.stages.filter.keep = 1;
  s.stages.evaluate = { folds: 2, epochs: 1 };
  s.final = { ...s.final, retrain: false };
  if (run === 'grid') return s;
  delete s.grid;
  s.space = tpeSpace;
  const strategy = run === 'tpe-half' ? 'tpe' : run;
  s.search = { strategy, trials: run === 'tpe-half' ? half : gridPoints, ...(run === 'tpe-half' ? { startup: halfStartup } : {}) };
  return s;
}

const fmt = (v, d = 4) => (typeof v === 'number' ? Number(v.toPrecision(d)) : v);

/** Stage one's best point by its mean valLoss over its folds, with their std (sample std, as the leaderboard). */
function bestOfStageOne(results) {
  const byPoint = new Map();
  for (const t of results.trials.filter((x) => x.stage === 'filter' && x.status === 'completed')) {
    const v = t.metrics?.valLoss;
    if (typeof v !== 'number') continue;
    const entry = byPoint.get(t.pointId) ?? { params: t.params, values: [] };
    entry.values.push(v);
    byPoint.set(t.pointId, entry);
  }
  let best;
  for (const { params, values } of byPoint.values()) {
    if (values.length < toy.stages.filter.folds) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    if (!best || mean < best.mean) best = { params, mean, std };
  }
  return { best, points: byPoint.size };
}

printMachine({ backend: 'the local workers\' choice (native, else wasm)' });
console.log(`toy task: ${samples} samples, stage one ${toy.stages.filter.folds} folds x ${toy.stages.filter.epochs} epochs; grid ${gridPoints} points, tpe-half ${half} points (startup ${halfStartup}); ${workers} local workers`);
const dir = await mkdtemp(join(tmpdir(), 'seqsweep-search-toy-'));
const verdicts = [];
try {
  for (const seed of seeds) {
    const got = {};
    for (const run of runs) {
      const path = join(dir, `${run}-${seed}.json`);
      await writeFile(path, JSON.stringify(specFor(run, seed)));
      const load = loadavg()[0];
      const t0 = performance.now();
      const out = await runCli(['run', path, '--workers', String(workers), '--no-tui', '--out', join(dir, 'runs')]);
      const wallS = (performance.now() - t0) / 1000;
      const sweepId = out.match(/^sweep (\S+)$/m)?.[1];
      const results = JSON.parse(await readFile(join(dir, 'runs', sweepId, 'results.json'), 'utf8'));
      const filter = results.trials.filter((t) => t.stage === 'filter');
      const computeS = filter.reduce((a, t) => a + t.durationMs, 0) / 1000;
      const epochs = filter.reduce((a, t) => a + t.history.length, 0);
      const { best, points } = bestOfStageOne(results);
      got[run] = best;
      console.log(JSON.stringify({
        seed, run, points, trials: filter.length, bestCvMean: fmt(best?.mean), bestCvStd: fmt(best?.std), best: best?.params ?? null,
        stageOneComputeS: fmt(computeS), epochs, wallS: fmt(wallS), loadBefore: fmt(load, 3),
      }));
    }
    if (got.grid && got['tpe-half']) {
      const bound = got.grid.mean + got.grid.std;
      const met = got['tpe-half'].mean <= bound;
      verdicts.push(met);
      console.log(`seed ${seed}: tpe at ${half} points best cv mean ${fmt(got['tpe-half'].mean)} against the grid's best ${fmt(got.grid.mean)} ± ${fmt(got.grid.std)} (bound ${fmt(bound)}): ${met ? 'within the grid best\'s std: goal met' : 'NOT within the grid best\'s std: goal missed'}`);
    }
  }
  if (verdicts.length) console.log(`goal (tpe at half the grid's trials within the grid best's std): met on ${verdicts.filter(Boolean).length} of ${verdicts.length} seeds`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
