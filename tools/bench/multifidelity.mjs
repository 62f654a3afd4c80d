#!/usr/bin/env node
// Successive halving (ASHA) over epochs against the plain two-stage sweep, side by side in one run: each workload
// runs plain (the filter and evaluate stages as the example has them), with halving in both stages, and with
// halving and fold racing in both stages, through the CLI with local workers. Prints the machine first, then per
// run the trial compute (the sum of every trial's durationMs), the same priced at the plain run's per-epoch
// durations (a halving trial priced at the epochs it added to its rung, at the plain trial of the same stage,
// point and fold's time per epoch: one run's load in the ratio, not two runs' against each other), the epochs
// trained, the wall time, the chosen point and its cv mean ± std, and the ceiling: the plain run's compute against
// that of the eventual winner's own trials (what a sweep would cost if only the winner had run; in compute and in
// epochs: a halving run that chooses another point can come in under it). Target: at least
// 3x less trial compute on the 27-point toy grid and on examples/toy.yaml, with the chosen point the plain run's
// best or within one std of it. Trials are seeded and training goes on from a rung's checkpoint to the same bits,
// so a point that reaches a stage's top rung trains to the plain run's figures there.
// Build first (npm install, or npx tsc -b tsconfig.json).
//
//   node tools/bench/multifidelity.mjs [--workloads toy,toy27,mnist,sp500] [--workers 2] [--samples 4000]
//     [--limit 1500] [--epochs 1] [--filter-halving 1,3] [--evaluate-halving 4,3] [--runs plain,halving,race]
//   --filter-halving, --evaluate-halving: minEpochs,reduction of each stage's halving; a stage whose epochs (after
//     --epochs) are not above minEpochs trains without rungs, and the script says so
//   --samples: toy sequences; --limit: MNIST images; --epochs: divides every stage's epochs (1 = as in the example)
//   --runs: which of the three runs of each workload to make (plain is always made: the others are priced at it)
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';
import { exampleSpec, runCli, shrinkEpochs } from './cli-sweeps.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    workloads: { type: 'string', default: 'toy,toy27,mnist,sp500' }, workers: { type: 'string', default: '2' },
    samples: { type: 'string', default: '4000' }, limit: { type: 'string', default: '1500' }, epochs: { type: 'string', default: '1' },
    'filter-halving': { type: 'string', default: '1,3' }, 'evaluate-halving': { type: 'string', default: '4,3' },
    runs: { type: 'string', default: 'plain,halving,race' },
  },
});
const workloads = opts.workloads.split(',');
const workers = Number(opts.workers);
const samples = Number(opts.samples);
const limit = Number(opts.limit);
const epochDiv = Number(opts.epochs);
const kinds = new Set(['plain', ...opts.runs.split(',')]);

/** `minEpochs,reduction` as halving's options. */
function halvingOf(flag, text) {
  const [minEpochs, reduction] = text.split(',').map(Number);
  if (!(Number.isInteger(minEpochs) && minEpochs >= 1 && Number.isInteger(reduction) && reduction >= 2)) {
    refuseArg(import.meta.url, `--${flag} takes minEpochs,reduction (whole numbers, at least 1 and 2), not ${text}`);
  }
  return { minEpochs, reduction };
}
const halving = { filter: halvingOf('filter-halving', opts['filter-halving']), evaluate: halvingOf('evaluate-halving', opts['evaluate-halving']) };
for (const w of workloads) if (!['toy', 'toy27', 'mnist', 'sp500'].includes(w)) refuseArg(import.meta.url, `--workloads takes toy, toy27, mnist and sp500, not ${w}`);
for (const k of kinds) if (!['plain', 'halving', 'race'].includes(k)) refuseArg(import.meta.url, `--runs takes plain, halving and race, not ${k}`);

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
    s.stages.filter.keep = 9;
    return { label: `27-point toy grid, keep 9 (samples ${samples})`, spec: shrink(s) };
  },
  mnist: async () => {
    const s = await example('mnist-rows');
    s.task.limit = limit;
    return { label: `examples/mnist-rows.yaml (limit ${limit})`, spec: shrink(s) };
  },
  sp500: async () => ({ label: 'examples/sp500.yaml', spec: shrink(await example('sp500')) }),
};

/** A stage's epochs as the spec fills them in (train.epochs, a third of it for the filter stage, where unset). */
function stageEpochs(spec, stage) {
  const own = spec.stages?.[stage]?.epochs;
  if (own !== undefined) return own;
  const total = spec.train?.epochs ?? 10;
  return stage === 'filter' ? Math.max(1, Math.ceil(total / 3)) : total;
}

/** The spec of one run: plain, with halving in the stages whose epochs allow it, and with racing beside it. */
function variant(spec, kind) {
  const s = structuredClone(spec);
  const notes = [];
  if (kind === 'plain') return { spec: s, notes };
  for (const stage of ['filter', 'evaluate']) {
    const epochs = stageEpochs(s, stage);
    if (halving[stage].minEpochs >= epochs) notes.push(`${stage}: ${epochs} epoch(s), no rungs below them, trained without halving`);
    else s.stages[stage].halving = { ...halving[stage] };
    if (kind === 'race') s.stages[stage].race = true;
  }
  return { spec: s, notes };
}

/** Statuses of folds recorded without training (core's `wasTrained` says the same). */
const NOT_TRAINED = new Set(['raced-out', 'pruned', 'skipped']);
const fmt = (v, d = 4) => (typeof v === 'number' ? Number(v.toPrecision(d)) : v);
/** A fold trial's place in the plan, the same in every run of a workload: stage, point and fold (not the rung). */
const foldKey = (t) => `${t.stage} ${JSON.stringify(t.params)} ${t.fold}`;

/**
 * The epochs each trained trial added: its history less that of the same fold's trial at the rung below (a
 * continued trial reports the whole history from epoch 1), keyed by the trial's index.
 */
function addedEpochs(trials) {
  const byRung = new Map(trials.map((t) => [`${foldKey(t)} ${t.rung ?? 0}`, t]));
  return trials.map((t) => {
    if (NOT_TRAINED.has(t.status)) return 0;
    const below = (t.rung ?? 0) > 0 ? byRung.get(`${foldKey(t)} ${t.rung - 1}`) : undefined;
    return Math.max(0, t.history.length - (below?.history.length ?? 0));
  });
}

async function runSweep(dir, name, spec) {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(spec));
  const load = loadavg()[0];
  const t0 = performance.now();
  const out = await runCli(['run', path, '--workers', String(workers), '--no-tui', '--out', join(dir, 'runs')]);
  const wallS = (performance.now() - t0) / 1000;
  const sweepId = out.match(/^sweep (\S+)$/m)?.[1];
  const results = JSON.parse(await readFile(join(dir, 'runs', sweepId, 'results.json'), 'utf8'));
  const added = addedEpochs(results.trials);
  const computeS = results.trials.reduce((a, t) => a + t.durationMs, 0) / 1000;
  const trained = results.trials.filter((t) => !NOT_TRAINED.has(t.status)).length;
  const epochs = added.reduce((a, b) => a + b, 0);
  const halted = results.leaderboard.filter((e) => e.status === 'halted').length;
  const perStage = Object.fromEntries(['filter', 'evaluate', 'final'].map((stage) => [stage, results.trials.reduce((a, t, i) => a + (t.stage === stage ? added[i] : 0), 0)]));
  return { results, added, wallS, computeS, trained, epochs, perStage, halted, trials: results.trials.length, load };
}

/** Each plain fold trial's time per epoch, by stage, point and fold. */
function perEpochMs(plain) {
  return new Map(plain.results.trials.filter((t) => !NOT_TRAINED.has(t.status) && t.history.length > 0).map((t) => [foldKey(t), t.durationMs / t.history.length]));
}

/** A run's trials priced at the plain run's time per epoch of the same fold trial (its own where plain has none). */
function pricedS(run, plainPerEpoch) {
  return run.results.trials.reduce((a, t, i) => {
    const per = plainPerEpoch.get(foldKey(t));
    return a + (NOT_TRAINED.has(t.status) ? 0 : per === undefined ? t.durationMs : per * run.added[i]);
  }, 0) / 1000;
}

/** The workloads the target (3x less trial compute) is set on. */
const TARGETED = new Set(['toy', 'toy27']);
const cvOf = (run) => run.results.best?.cv ?? { mean: null, std: null, folds: 0 };

/** Where the plain run's best point ended in another run: its furthest stage and how it stopped there. */
function fateOf(plain, run) {
  const id = plain.results.best?.pointId;
  const rows = run.results.leaderboard.filter((e) => e.pointId === id);
  const row = rows.find((e) => e.stage === 'evaluate') ?? rows[0];
  if (!row) return 'not drawn';
  const how = row.halted ? `halted at ${row.halted.epochs} epochs (rank ${row.halted.rank} of ${row.halted.of})` : row.racedOut ? `raced out after ${row.racedOut.afterFolds} folds` : row.status;
  return `${row.stage}: ${how}`;
}

/** Whether a run's chosen point is the plain run's best, or how far its plain cv mean is from the best's. */
function judge(plain, run) {
  const best = cvOf(plain);
  if (JSON.stringify(plain.results.best?.params) === JSON.stringify(run.results.best?.params)) return { same: true, within: true, gapPercent: 0 };
  // Another point is judged by its cv mean over every fold at the stage's full epochs: the plain run's figure
  // where it survived there, else its own (it reached the top rung, which trains to the same figures).
  const other = plain.results.leaderboard.find((e) => e.stage === 'evaluate' && e.pointId === run.results.best?.pointId)?.mean ?? cvOf(run).mean;
  if (typeof other !== 'number' || best.mean === null) return { same: false, within: false, gapPercent: null };
  const gap = Math.abs(other - best.mean);
  return { same: false, within: best.std !== null && gap <= best.std, gapPercent: fmt((100 * gap) / Math.abs(best.mean), 3) };
}

printMachine({ backend: 'wasm in the local workers' });
console.log(`halving: filter ${JSON.stringify(halving.filter)}, evaluate ${JSON.stringify(halving.evaluate)}; racing (with halving): race: true in both stages; ` +
  `${workers} local workers; epochs divided by ${epochDiv}; runs ${[...kinds].join(', ')}`);
const dir = await mkdtemp(join(tmpdir(), 'seqsweep-multifidelity-'));
const summary = [];
try {
  for (const name of workloads) {
    const { label, spec } = await WORKLOADS[name]();
    const runs = [];
    for (const kind of ['plain', 'halving', 'race'].filter((k) => kinds.has(k))) {
      const v = variant(spec, kind);
      for (const note of v.notes) console.log(`${name} (${kind}): ${note}`);
      runs.push([kind, await runSweep(dir, `${name}-${kind}`, v.spec)]);
    }
    const plain = runs[0][1];
    const per = perEpochMs(plain);
    // What the sweep would cost if only the eventual winner had run: its own plain trials, every stage.
    const winner = JSON.stringify(plain.results.best?.params);
    const winnerTrials = plain.results.trials.filter((t) => JSON.stringify(t.params) === winner);
    const winnerS = winnerTrials.reduce((a, t) => a + t.durationMs, 0) / 1000;
    const winnerEpochs = winnerTrials.reduce((a, t) => a + t.history.length, 0);
    for (const [kind, r] of runs) {
      const cv = cvOf(r);
      const priced = pricedS(r, per);
      const row = {
        workload: name, run: kind, label, computeS: fmt(r.computeS), pricedS: fmt(priced), epochs: r.epochs, epochsPerStage: r.perStage, wallS: fmt(r.wallS), trained: r.trained, trials: r.trials,
        halted: r.halted, best: r.results.best?.params ?? null, cvMean: fmt(cv.mean), cvStd: fmt(cv.std), cvFolds: cv.folds, loadBefore: fmt(r.load, 3),
      };
      if (kind !== 'plain') {
        const j = judge(plain, r);
        Object.assign(row, {
          pricedRatio: fmt(plain.computeS / priced, 3), computeRatio: fmt(plain.computeS / r.computeS, 3), epochRatio: fmt(plain.epochs / r.epochs, 3),
          wallRatio: fmt(plain.wallS / r.wallS, 3), ceiling: fmt(plain.computeS / winnerS, 3), epochCeiling: fmt(plain.epochs / winnerEpochs, 3), sameBest: j.same, withinOneStd: j.within, bestGapPercent: j.gapPercent, plainBest: fateOf(plain, r),
        });
        summary.push(row);
      }
      console.log(JSON.stringify(row));
    }
    for (const row of summary.filter((s) => s.workload === name)) {
      const best = row.sameBest ? 'the plain run\'s best' : row.withinOneStd ? `another, within one std of the plain best (${row.bestGapPercent}% off its cv mean)` : `another, NOT within one std (${row.bestGapPercent}% off)`;
      console.log(`${name} (${row.run}): ${label}: ${row.pricedRatio}x less trial compute at the plain run's per-epoch durations (${row.computeRatio}x by durationMs, ` +
        `${row.epochRatio}x fewer epochs; only the plain run's winner: ${row.ceiling}x, ${row.epochCeiling}x in epochs), ${row.wallRatio}x wall, ${row.halted} points halted; chosen point ${best}, ` +
        `cv ${row.cvMean} ± ${row.cvStd} over ${row.cvFolds} folds; ` +
        (TARGETED.has(name) ? `target ${row.pricedRatio >= 3 && row.withinOneStd ? 'met' : 'missed'}` : 'no target on this workload'));
    }
  }
  console.log(JSON.stringify({ summary }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
