/**
 * Moving a run's tensors in and out of a {@link TrainCheckpoint}: the model's weights, the optimizer's state, and
 * what the checkpoint fits (a run continues only from a checkpoint of the same model, seed, options and data).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { canonicalJson } from '@seqsweep/core';
import { CheckpointError } from '../errors.js';
import type { CheckpointFit, SavedTensor, TrainCheckpoint } from './checkpoint-format.js';
import type { TrainArgs } from './train-types.js';

/** Adam's running powers of its betas: tfjs keeps them as variables that `setWeights` recomputes with `pow`. */
interface AdamPowers {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

const unfit = (why: string): CheckpointError => new CheckpointError(`the training checkpoint does not fit this run: ${why}`, {
  fix: 'continue a run only from a checkpoint of the same model, seed, train options and data split',
});

const digestOf = (indices: Int32Array): string => createHash('sha256').update(new Uint8Array(indices.buffer, indices.byteOffset, indices.byteLength)).digest('hex');

/** What a run of `args` fits: its model and seed, the train options that shape training, and its data. */
export function checkpointFit(args: TrainArgs): CheckpointFit {
  // The budget and the progress throttle do not change a step: a rung trains the same run further.
  const { epochs: _epochs, progressIntervalMs: _interval, ...train } = args.train;
  const { dataset } = args;
  return {
    model: JSON.parse(canonicalJson(args.model)) as Record<string, unknown>,
    seed: args.seed,
    train: JSON.parse(canonicalJson(train)) as Record<string, unknown>,
    data: {
      task: dataset.task, size: dataset.size, steps: dataset.steps, features: dataset.features, numClasses: dataset.numClasses ?? null,
      train: digestOf(args.trainIndices), val: digestOf(args.valIndices),
    },
  };
}

/** Throws a CheckpointError saying the first way `checkpoint` does not fit a run of `args`. */
export function checkFit(checkpoint: TrainCheckpoint, args: TrainArgs): void {
  const ours = checkpointFit(args);
  const theirs = checkpoint.fit;
  for (const part of ['model', 'train'] as const) {
    const [a, b] = [canonicalJson(theirs[part]), canonicalJson(ours[part])];
    if (a !== b) throw unfit(`its ${part} options are ${a}, this run's are ${b}`);
  }
  if (theirs.seed !== ours.seed) throw unfit(`its seed is ${theirs.seed}, this run's is ${ours.seed}`);
  const { train: trainDigest, val: valDigest, ...shape } = theirs.data;
  const { train: ourTrain, val: ourVal, ...ourShape } = ours.data;
  if (canonicalJson(shape) !== canonicalJson(ourShape)) throw unfit(`its data is ${canonicalJson(shape)}, this run's is ${canonicalJson(ourShape)}`);
  if (trainDigest !== ourTrain || valDigest !== ourVal) throw unfit(`its ${trainDigest !== ourTrain ? 'training' : 'validation'} samples are not this run's`);
  const sorted = (a: Int32Array) => Int32Array.from(a).sort().join(',');
  if (checkpoint.order.length !== args.trainIndices.length || sorted(checkpoint.order) !== sorted(args.trainIndices)) {
    throw unfit('its shuffled order is not an order of this run\'s training samples');
  }
}

/** Copies of every weight of `model`, in `model.getWeights()` order. */
export function saveWeights(model: tf.LayersModel): SavedTensor[] {
  return model.weights.map((w) => {
    const value = w.read();
    return { name: w.originalName, shape: [...value.shape], values: Float32Array.from(value.dataSync()) };
  });
}

/** Sets every weight of `model` from `saved`; a CheckpointError when their number or shapes differ. */
export function loadWeights(model: tf.LayersModel, saved: readonly SavedTensor[]): void {
  const weights = model.weights;
  if (weights.length !== saved.length) throw unfit(`it holds ${saved.length} weights, and the model has ${weights.length}`);
  weights.forEach((w, i) => checkShape(`weight ${w.originalName}`, w.shape, saved[i]!));
  const tensors = saved.map((s) => tf.tensor(s.values, [...s.shape], 'float32'));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** The optimizer's state: its class, iteration count, slots (moments, momentum) and Adam's powers of its betas. */
export async function saveOptimizer(optimizer: tf.Optimizer): Promise<TrainCheckpoint['optimizer']> {
  const [iter, ...slots] = await optimizer.getWeights();
  const iterations = (await iter!.tensor.data())[0]!;
  // getWeights makes the iteration scalar afresh; the slots are the optimizer's own variables.
  iter!.tensor.dispose();
  const powers = adamPowers(optimizer);
  return {
    kind: optimizer.getClassName(), iterations,
    ...(powers ? { accBeta1: powers.accBeta1.dataSync()[0]!, accBeta2: powers.accBeta2.dataSync()[0]! } : {}),
    slots: slots.map((s) => ({ name: s.name, shape: [...s.tensor.shape], values: Float32Array.from(s.tensor.dataSync() as Float32Array) })),
  };
}

/**
 * Sets a fresh optimizer's state from `state`; `variables` are the model's trainable variables, in the order the
 * steps update them (each slot has its variable's shape). A CheckpointError when the state does not fit.
 */
export async function loadOptimizer(optimizer: tf.Optimizer, state: TrainCheckpoint['optimizer'], variables: readonly tf.Variable[]): Promise<void> {
  const kind = optimizer.getClassName();
  if (state.kind !== kind) throw unfit(`its optimizer is ${state.kind}, this run's is ${kind}`);
  const perVariable = { Adam: 2, Momentum: 1, SGD: 0 }[kind];
  if (perVariable === undefined) throw new Error(`checkpoints do not know the optimizer ${kind}`);
  // Before the first step an optimizer has no slots yet.
  const expected = state.iterations === 0 ? 0 : perVariable * variables.length;
  if (state.slots.length !== expected) throw unfit(`its ${kind} optimizer holds ${state.slots.length} arrays, and this model needs ${expected}`);
  state.slots.forEach((s, i) => checkShape(`optimizer array ${s.name}`, variables[i % variables.length]!.shape, s));
  const tensors = [tf.scalar(state.iterations, 'int32'), ...state.slots.map((s) => tf.tensor(s.values, [...s.shape], 'float32'))];
  try {
    await optimizer.setWeights(tensors.map((tensor, i) => ({ name: i === 0 ? 'iter' : state.slots[i - 1]!.name, tensor })));
  } finally {
    tf.dispose(tensors);
  }
  const powers = adamPowers(optimizer);
  if (powers) {
    if (state.accBeta1 === undefined || state.accBeta2 === undefined) throw unfit('its Adam state lacks the running powers of beta1 and beta2');
    // setWeights recomputes them as pow(beta, iterations + 1), which can differ in the last bit from the product
    // the steps accumulate: restored as saved, the next step is the one the run would have taken.
    tf.tidy(() => {
      powers.accBeta1.assign(tf.scalar(state.accBeta1!, 'float32'));
      powers.accBeta2.assign(tf.scalar(state.accBeta2!, 'float32'));
    });
  }
}

/** Adam's variables of the running powers of its betas; undefined for another optimizer. */
function adamPowers(optimizer: tf.Optimizer): Required<AdamPowers> | undefined {
  if (optimizer.getClassName() !== 'Adam') return undefined;
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamPowers;
  if (!(accBeta1 instanceof tf.Variable && accBeta2 instanceof tf.Variable)) throw new Error('tfjs\'s Adam optimizer no longer keeps accBeta1 and accBeta2 as variables; checkpoints need them');
  return { accBeta1, accBeta2 };
}

function checkShape(what: string, shape: readonly (number | null)[], saved: SavedTensor): void {
  if (shape.length !== saved.shape.length || shape.some((d, i) => d !== saved.shape[i])) {
    throw unfit(`its ${what} has shape [${saved.shape.join(', ')}], and this model's is [${shape.join(', ')}]`);
  }
}
