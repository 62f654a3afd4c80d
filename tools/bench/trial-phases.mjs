#!/usr/bin/env node
// Where the milliseconds of one short trial go, phase by phase, for the first trial of an example's filter stage
// (what tools/bench/in-trial.mjs times whole): the split and the per-trial scaling, building the model and its
// optimizer, each training step and each validation pass of trainModel (read from its progress reports, one per
// batch), with a model built afresh and with a model a worker kept from an earlier trial (ModelCache). Medians of
// --runs runs after two warm-up ones.
//
//   node tools/bench/trial-phases.mjs [--only toy,sp500] [--runs 12]
import { ModelOptions, resolveSplit, TaskOptions, TrainOptions } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { exampleNames, exampleShape, firstTrial } from './example-shapes.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: { backend: { type: 'string', default: 'auto' }, only: { type: 'string', default: 'toy,sp500' }, runs: { type: 'string', default: '12' } },
});
const names = exampleNames(opts.only, import.meta.url);

const ml = await import('@seqsweep/ml');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median ms of `f()` over `runs` calls after two warm-up ones. */
async function time(f, runs) {
  const out = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    await f();
    if (i >= 2) out.push(performance.now() - t0);
  }
  return median(out);
}

/** The ms between trainModel's progress reports: each batch, each epoch's validation (its end report). */
async function stepTimes(args, runs, models) {
  const rows = [];
  for (let i = 0; i < runs + 2; i++) {
    const marks = [];
    let last = performance.now();
    await ml.trainModel({
      ...args, ...(models ? { models } : {}),
      onProgress: (p) => {
        const now = performance.now();
        marks.push({ first: p.epoch === 1, validation: p.valLoss !== undefined, ms: now - last });
        last = now;
      },
    });
    if (i >= 2) rows.push(marks);
  }
  const at = (j) => median(rows.map((r) => r[j].ms));
  const marks = rows[0];
  const steps = marks.map((m, j) => ({ ...m, j })).filter((m) => !m.validation);
  const passes = marks.map((m, j) => ({ ...m, j })).filter((m) => m.validation);
  return {
    firstStep: at(0),
    step: median(steps.slice(1).map((m) => at(m.j))),
    firstValidation: at(passes[0].j),
    validation: median(passes.slice(1).map((m) => at(m.j))),
  };
}

async function measure(name, runs) {
  const { spec } = await exampleShape(name);
  const a = firstTrial(spec, 'phases');
  const raw = await ml.loadDataset(TaskOptions.parse(a.task), { seed: a.seed });
  const split = resolveSplit(raw.size, a.split, a.seed, raw.labels, raw.dates);
  const dataset = ml.trialDataset(raw, split.train);
  const model = ModelOptions.parse(a.model);
  const train = TrainOptions.parse({ ...a.train, progressIntervalMs: 0 });
  const shape = { steps: dataset.steps, features: dataset.features, numClasses: dataset.numClasses };
  const args = { dataset, model, train, seed: a.seed, trainIndices: split.train, valIndices: split.val };
  const models = new ml.ModelCache();
  const row = {
    example: name, train: split.train.length, val: split.val.length, epochs: train.epochs, batch: train.batchSize,
    splitMs: await time(() => resolveSplit(raw.size, a.split, a.seed, raw.labels, raw.dates), runs),
    scaleMs: await time(() => ml.trialDataset(raw, split.train), runs),
    buildMs: await time(() => {
      const net = ml.buildModel(model, shape, a.seed);
      ml.createOptimizer(train).dispose();
      net.dispose();
    }, runs),
    fresh: await stepTimes(args, runs),
    kept: await stepTimes(args, runs, models),
  };
  models.clear();
  console.log(JSON.stringify(row, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? +v.toFixed(2) : v)));
  return row;
}

const choice = await ml.selectBackend(opts.backend);
printMachine({ backend: choice.name });
const rows = [];
for (const name of names) rows.push(await measure(name, Number(opts.runs)));
const f = (v) => v.toFixed(1);
console.log('');
console.log('| example | train / val samples, batch | split | scaling | build model + optimizer | first step: fresh model / kept model | later steps | first validation: fresh / kept | later validations |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.example} | ${r.train} / ${r.val}, ${r.batch} | ${f(r.splitMs)} | ${f(r.scaleMs)} | ${f(r.buildMs)} | ${f(r.fresh.firstStep)} / ${f(r.kept.firstStep)} | ${f(r.kept.step)} | ${f(r.fresh.firstValidation)} / ${f(r.kept.firstValidation)} | ${f(r.kept.validation)} |`);
}
console.log('(ms, medians; "first step" counts from trainModel\'s call, so it holds the model\'s build; a validation pass runs from the');
console.log(' epoch\'s last batch to its end report)');
