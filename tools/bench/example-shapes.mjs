// The training shapes of the examples, read from examples/*.yaml: sequence length and features of each task, the
// model, its hidden size and the batch size the example trains with. tools/bench/train.mjs measures each of them
// at the example's batch size and at 128; tools/bench/in-trial.mjs runs one real trial of each example.
import { fileURLToPath } from 'node:url';
import { gridPoints, loadSpecFile, planStage, searchSpaceOf } from '@seqsweep/core';
import { refuseArg } from '../lib/tool-args.mjs';

/** The examples whose shapes the benches cover (sp500-kaggle has sp500's shape at batch 128). */
export const EXAMPLES = ['toy', 'sp500', 'mnist-rows', 'mnist-pixels'];

/**
 * The examples an `--only a,b` flag names; an unknown name is refused in one sentence that lists the known ones.
 * @param {string} only the flag's value
 * @param {string} scriptUrl the bench's `import.meta.url`
 */
export function exampleNames(only, scriptUrl) {
  const names = only.split(',');
  const unknown = names.filter((e) => !EXAMPLES.includes(e));
  if (unknown.length) refuseArg(scriptUrl, `unknown example ${unknown.join(', ')} in --only; choose from ${EXAMPLES.join(', ')}`);
  return names;
}

/** The path of examples/<name>.yaml. */
export const examplePath = (name) => fileURLToPath(new URL(`../../examples/${name}.yaml`, import.meta.url));

/** `[T, F]` of a task's samples, from its options alone (nothing is loaded). */
export function taskShape(task) {
  if (task.name === 'mnist') return task.mode === 'pixels' ? [784, 1] : [28, 28];
  if (task.name === 'toy') return [task.length, 1];
  if (task.name === 'sp500') return [task.window, 1];
  throw new Error(`no known shape for task "${task.name}"`);
}

/**
 * The model tools/bench/torch_reference.py has for a seqsweep model: the same layers where there is one. The
 * predictor (sp500) has no PyTorch twin; both sides then train the plain autoencoder, its half.
 */
export function referenceModel(modelName) {
  return modelName === 'lstm-ae-classifier' ? { model: 'lstm-ae-classifier', torch: 'ae-classifier' } : { model: 'lstm-ae', torch: 'ae' };
}

/** One example's spec and shape: `{ name, spec, steps, features, model, hidden, batch }`. */
export async function exampleShape(name) {
  const spec = await loadSpecFile(examplePath(name));
  const [steps, features] = taskShape(spec.task);
  return { name, spec, steps, features, model: spec.model.name, hidden: spec.model.hiddenSize, batch: spec.train.batchSize };
}

/**
 * The first trial of an example's filter stage (its first grid point, fold 0), with `epochs` when given: the trial
 * that in-trial.mjs, trial-phases.mjs and trial-profile.mjs time.
 * @param {import('@seqsweep/core').SweepSpec} spec
 * @param {string} sweepId
 * @param {number} [epochs]
 */
export function firstTrial(spec, sweepId, epochs) {
  const [a] = planStage({ spec, sweepId, stage: 'filter', points: gridPoints(searchSpaceOf(spec)) });
  return epochs ? { ...a, train: { ...a.train, epochs } } : a;
}
