#!/usr/bin/env node
// Search strategies against Optuna's samplers on the benchmark surfaces, side by side in one run: seqsweep's random,
// sobol and tpe (the built @seqsweep/core) and Optuna's RandomSampler, QMCSampler (scrambled Sobol') and TPESampler
// (tools/bench/optuna_search.py, run with /usr/bin/python3 and Debian's python3-optuna), each with its defaults, on
// quadratic, branin, hartmann6 and rosenbrock over their standard domains (x1 ... xd uniform), asked and told one
// point at a time. For every seed a run of the largest budget gives the best value after each smaller budget too (no
// strategy knows its budget). Prints the machine line and the Optuna version first, then per surface and budget the
// median simple regret (best found minus the known minimum) over the seeds of each, the ratios seqsweep / Optuna,
// and the goals: seqsweep's TPE <= Optuna's TPE at 50 and 100 trials on every surface, seqsweep's sobol <= its random.
// Build first (npm install).
//
//   node tools/bench/search.mjs [--seeds 20] [--first-seed 0] [--budgets 25,50,100] [--surfaces quadratic,branin,hartmann6,rosenbrock]
//     [--tpe key=value,...] [--no-optuna] [--python /usr/bin/python3] [--sobol-seeds 1000]
//     [--save-optuna FILE] [--load-optuna FILE]
//   --first-seed: seeds first-seed ... first-seed + seeds - 1 on both sides (another set checks a setting tuned on one)
//   --sobol-seeds: seqsweep's sobol against its random over this many seeds (a few seconds), with a bootstrap 95%
//     interval of the ratio of their median regrets; the sobol <= random goal is judged there: over 20 seeds the median
//     moves by more than the difference between the two
//   --tpe: options for seqsweep's tpe (e.g. multivariate=true,candidates=48), to try settings against the same Optuna run
//   --save-optuna / --load-optuna: keep Optuna's curves (its run takes minutes) to try seqsweep settings against them;
//     a figure for the docs comes from one run of both sides
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, STRATEGY_TRAITS, SURFACES, SURFACE_NAMES, randomStrategy, sobolStrategy, tpeStrategy } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { refuseArg, toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    seeds: { type: 'string', default: '20' },
    'first-seed': { type: 'string', default: '0' },
    budgets: { type: 'string', default: '25,50,100' },
    surfaces: { type: 'string', default: SURFACE_NAMES.join(',') },
    tpe: { type: 'string', default: '' },
    'no-optuna': { type: 'boolean', default: false },
    'sobol-seeds': { type: 'string', default: '1000' },
    python: { type: 'string', default: '/usr/bin/python3' },
    'save-optuna': { type: 'string' },
    'load-optuna': { type: 'string' },
  },
});
const SEEDS = Number(opts.seeds);
const SOBOL_SEEDS = Number(opts['sobol-seeds']);
const FIRST_SEED = Number(opts['first-seed']);
const BUDGETS = opts.budgets.split(',').map(Number);
const SURFACE_LIST = opts.surfaces.split(',');
const bad = SURFACE_LIST.filter((s) => !SURFACE_NAMES.includes(s));
if (bad.length || !(SEEDS >= 1) || !(Number.isInteger(SOBOL_SEEDS) && SOBOL_SEEDS >= 0) || !Number.isInteger(FIRST_SEED) || BUDGETS.some((b) => !(Number.isInteger(b) && b >= 1))) {
  refuseArg(import.meta.url, bad.length ? `unknown surface ${bad.join(', ')}; choose from ${SURFACE_NAMES.join(', ')}` : '--seeds and --budgets take whole numbers of at least 1, --first-seed and --sobol-seeds whole numbers');
}
const TRIALS = Math.max(...BUDGETS);
/** `--tpe multivariate=true,candidates=48` as an options object. */
const TPE_OPTIONS = Object.fromEntries(opts.tpe.split(',').filter(Boolean).map((kv) => {
  const [k, v] = kv.split('=');
  return [k, v === 'true' ? true : v === 'false' ? false : Number(v)];
}));
const STRATEGIES = { random: randomStrategy, sobol: sobolStrategy, tpe: tpeStrategy };

printMachine();

/** seqsweep's best value after each trial of one run. */
function runOurs(surfaceName, name, seed) {
  const surface = SURFACES[surfaceName];
  const space = Object.fromEntries(surface.domain.map(([low, high], i) => [`x${i + 1}`, { kind: 'uniform', low, high }]));
  const strategy = STRATEGIES[name]({ space, seed, trials: TRIALS, options: name === 'tpe' ? TPE_OPTIONS : {} });
  const history = [];
  const curve = [];
  let best = Infinity;
  // A strategy whose draws do not depend on the results told (random, sobol) is asked for all its points at once:
  // the same points as asking one at a time, without re-reading a growing history on every ask.
  const drawn = STRATEGY_TRAITS[name].adaptive ? undefined : strategy.ask([], TRIALS);
  for (let t = 0; t < TRIALS; t++) {
    const [params] = drawn ? [drawn[t]] : strategy.ask(history, 1);
    const score = surface.evaluate(surface.domain.map((_, i) => params[`x${i + 1}`]));
    history.push({ params, state: 'complete', score });
    best = Math.min(best, score);
    curve.push(best);
  }
  return curve;
}

/** Optuna's curves, or the sentence that says why there are none. */
function runOptuna() {
  if (opts['no-optuna']) return { why: 'Optuna skipped (--no-optuna).' };
  if (opts['load-optuna']) {
    const loaded = JSON.parse(readFileSync(opts['load-optuna'], 'utf8'));
    const short = SURFACE_LIST.filter((s) => Object.values(loaded.curves?.[s] ?? {}).some((runs) => runs.length < SEEDS || runs.some((c) => c.length < TRIALS)));
    if (short.length || SURFACE_LIST.some((s) => !loaded.curves?.[s])) throw new Error(`${opts['load-optuna']} lacks seeds or trials for ${short.join(', ') || 'some surface'}; save it with the same --seeds, --budgets and --surfaces.`);
    if ((loaded.first_seed ?? 0) !== FIRST_SEED) throw new Error(`${opts['load-optuna']} starts at seed ${loaded.first_seed ?? 0}, not ${FIRST_SEED}.`);
    return { ...loaded, loaded: opts['load-optuna'] };
  }
  const script = fileURLToPath(new URL('./optuna_search.py', import.meta.url));
  const probe = spawnSync(opts.python, [script, '--probe', '0.3,0.7,0.1,0.9,0.5,0.2'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { why: `Optuna not run: ${opts.python} did not start (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}).` };
  const probed = JSON.parse(probe.stdout);
  if (probed.missing) return { why: `Optuna not run: ${opts.python} has no optuna module (apt-get install python3-optuna).` };
  for (const name of SURFACE_LIST) {
    const ours = SURFACES[name].evaluate([0.3, 0.7, 0.1, 0.9, 0.5, 0.2].slice(0, SURFACES[name].dimension));
    if (Math.abs(ours - probed[name]) > 1e-9 * Math.max(1, Math.abs(ours))) throw new Error(`${name} differs between the two sides at the probe point: ${ours} against ${probed[name]}`);
  }
  const started = performance.now();
  const run = spawnSync(opts.python, [script, '--seeds', String(SEEDS), '--first-seed', String(FIRST_SEED), '--trials', String(TRIALS), '--surfaces', SURFACE_LIST.join(',')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`optuna_search.py failed: ${run.stderr}`);
  if (opts['save-optuna']) writeFileSync(opts['save-optuna'], run.stdout);
  return { ...JSON.parse(run.stdout), seconds: (performance.now() - started) / 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => (x === undefined ? '-' : x === 0 ? '0' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 0.01 ? x.toPrecision(3) : x.toExponential(2));
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : b === 0 ? (a === 0 ? '1.00' : 'inf') : (a / b).toFixed(2));

const started = performance.now();
const ours = {};
for (const surface of SURFACE_LIST) {
  ours[surface] = {};
  for (const name of Object.keys(STRATEGIES)) ours[surface][name] = Array.from({ length: SEEDS }, (_, i) => runOurs(surface, name, FIRST_SEED + i));
}
const oursSeconds = (performance.now() - started) / 1000;
const optuna = runOptuna();
console.log(optuna.why ?? `Optuna ${optuna.optuna} (${optuna.loaded ? `curves loaded from ${optuna.loaded}, not run now` : opts.python}); seqsweep tpe options ${JSON.stringify(TPE_OPTIONS)}`);
console.log(`seeds ${FIRST_SEED} to ${FIRST_SEED + SEEDS - 1}, budgets ${BUDGETS.join(', ')}; seqsweep ${oursSeconds.toFixed(1)} s${optuna.seconds ? `, Optuna ${optuna.seconds.toFixed(1)} s` : ''}`);
console.log('median simple regret (best found minus the known minimum); ratio = seqsweep / Optuna, lower is better for seqsweep\n');

const regret = (curves, surface, budget) => (curves ? median(curves.map((c) => c[budget - 1] - SURFACES[surface].minimum)) : undefined);
const goals = [];
console.log('| surface | trials | random | Optuna random | ratio | sobol | Optuna QMC | ratio | tpe | Optuna TPE | ratio |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const surface of SURFACE_LIST) {
  for (const budget of BUDGETS) {
    const cells = [];
    const r = {};
    for (const [name, peer] of [['random', 'random'], ['sobol', 'sobol'], ['tpe', 'tpe']]) {
      r[name] = regret(ours[surface][name], surface, budget);
      r[`optuna-${peer}`] = regret(optuna.curves?.[surface]?.[peer], surface, budget);
      cells.push(fmt(r[name]), fmt(r[`optuna-${peer}`]), ratio(r[name], r[`optuna-${peer}`]));
    }
    console.log(`| ${surface} | ${budget} | ${cells.join(' | ')} |`);
    if (budget >= 50 && r['optuna-tpe'] !== undefined) goals.push([`tpe <= Optuna TPE, ${surface} at ${budget}`, r.tpe <= r['optuna-tpe']]);
    if (!SOBOL_SEEDS) goals.push([`sobol <= random, ${surface} at ${budget} (${SEEDS} seeds)`, r.sobol <= r.random]);
  }
}
console.log('');
if (SOBOL_SEEDS) sobolAgainstRandom();
for (const [what, met] of goals) console.log(`${met ? 'met   ' : 'MISSED'} ${what}`);
console.log(`goals met: ${goals.filter(([, m]) => m).length} of ${goals.length}`);

/**
 * seqsweep's sobol against its random over SOBOL_SEEDS seeds: the two medians, their ratio and a bootstrap 95%
 * interval of it (each side resampled on its own, 2,000 times, with core's seeded generator). The goal is met where the
 * ratio is at most 1; where the interval holds 1 as well, the two are not told apart by this many seeds.
 */
function sobolAgainstRandom() {
  const t0 = performance.now();
  const curves = {};
  for (const surface of SURFACE_LIST) {
    curves[surface] = {};
    for (const name of ['random', 'sobol']) curves[surface][name] = Array.from({ length: SOBOL_SEEDS }, (_, i) => runOurs(surface, name, FIRST_SEED + i));
  }
  const rng = createRng(FIRST_SEED, 'search-bench:bootstrap');
  const resampledMedian = (xs) => median(Array.from(xs, () => xs[Math.floor(rng.next() * xs.length)]));
  console.log(`\nsobol against random, seqsweep's own, seeds ${FIRST_SEED} to ${FIRST_SEED + SOBOL_SEEDS - 1} (${((performance.now() - t0) / 1000).toFixed(1)} s): median simple regret, ratio sobol / random, bootstrap 95% interval\n`);
  console.log('| surface | trials | random | sobol | ratio | 95% interval |');
  console.log('|---|---|---|---|---|---|');
  for (const surface of SURFACE_LIST) {
    for (const budget of BUDGETS) {
      const [rand, sob] = ['random', 'sobol'].map((n) => curves[surface][n].map((c) => c[budget - 1] - SURFACES[surface].minimum));
      const ratios = Array.from({ length: 2000 }, () => resampledMedian(sob) / resampledMedian(rand)).sort((a, b) => a - b);
      const [lo, hi] = [ratios[Math.floor(0.025 * ratios.length)], ratios[Math.ceil(0.975 * ratios.length) - 1]];
      const r = median(sob) / median(rand);
      console.log(`| ${surface} | ${budget} | ${fmt(median(rand))} | ${fmt(median(sob))} | ${r.toFixed(3)} | ${lo.toFixed(3)}-${hi.toFixed(3)} |`);
      goals.push([`sobol <= random, ${surface} at ${budget} (${SOBOL_SEEDS} seeds: ${r.toFixed(3)}, interval ${lo.toFixed(3)}-${hi.toFixed(3)}${r > 1 && lo <= 1 ? ', not told apart' : ''})`, r <= 1]);
    }
  }
  console.log('');
}
