// Samples per second of one training configuration, measured the way trainModel's step trains: forward, losses,
// gradients, global-norm clipping, Adam. Shared by train.mjs and train-worker.mjs.
import * as tf from '@tensorflow/tfjs';
import { createRng, ModelOptions } from '@seqsweep/core';
import { applyAdam, batchLosses, buildModel, createOptimizer, getModelDefinition, globalNormScale, readModelOutputs } from '@seqsweep/ml';

/**
 * Trains `model` (any registered model, hidden 16 unless `hidden`; `modelOptions` for the rest of its options)
 * on random batches of `[batch, steps, features]` for at least `seconds` after two warm-up steps; resolves to
 * samples per second of wall time and per CPU-second of the process.
 */
export async function measureThroughput({ model, steps, features, lstm, seconds, batch = 128, hidden = 16, lr = 0.01, clip = 1, reconstructionWeight = 0.5, modelOptions = {} }) {
  const { head } = getModelDefinition(model);
  const net = buildModel(ModelOptions.parse({ ...modelOptions, name: model, hiddenSize: hidden }), { steps, features, numClasses: 10 }, 1, { lstm });
  const optimizer = createOptimizer({ optimizer: 'adam', learningRate: lr, momentum: 0 });
  const variables = net.trainableWeights.map((w) => w.read());
  const rng = createRng(1, 'bench');
  const batches = Array.from({ length: 4 }, () => ({
    size: batch,
    x: tf.tensor3d(Float32Array.from({ length: batch * steps * features }, () => rng.next()), [batch, steps, features]),
    labels: tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(10)), 'int32'),
    target: tf.tensor3d(Float32Array.from({ length: batch * steps * features }, () => rng.next()), [batch, steps, features]),
  }));
  const step = (b) => {
    const { value, grads } = optimizer.computeGradients(() => {
      const outputs = readModelOutputs(net.apply(b.x, { training: true }));
      return batchLosses(outputs, b, head, reconstructionWeight).loss;
    }, variables);
    // As trainModel's step does with Adam (packages/ml/src/train/train-step.ts): clipping folded into the fused update.
    applyAdam(optimizer, grads, globalNormScale(grads, clip));
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
  step(batches[0]);
  step(batches[1]);
  let n = 0;
  let loss = NaN;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (n < 3 || performance.now() - t0 < seconds * 1000) loss = step(batches[n++ % batches.length]);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  tf.dispose(batches.flatMap((b) => [b.x, b.labels, b.target]));
  optimizer.dispose();
  net.dispose();
  // Per CPU-second of this process (every thread): steadier than wall time where other work shares the cores.
  return { samplesPerS: (n * batch * 1000) / ms, samplesPerCpuS: (n * batch * 1e6) / (cpu.user + cpu.system), steps: n, loss };
}

/**
 * Samples per second of the forward pass alone (`training: false`, outputs read back), the work of a validation
 * batch without its losses: on random batches of `[batch, steps, features]` for at least `seconds`.
 */
export async function measureForward({ model, steps, features, seconds, batch = 128, hidden = 16, modelOptions = {} }) {
  const net = buildModel(ModelOptions.parse({ ...modelOptions, name: model, hiddenSize: hidden }), { steps, features, numClasses: 10 }, 1, { lstm: 'fused' });
  const rng = createRng(2, 'bench:forward');
  const xs = Array.from({ length: 4 }, () => tf.tensor3d(Float32Array.from({ length: batch * steps * features }, () => rng.next()), [batch, steps, features]));
  const forward = (x) => tf.tidy(() => {
    for (const t of Object.values(readModelOutputs(net.apply(x, { training: false })))) t?.dataSync?.();
  });
  forward(xs[0]);
  let n = 0;
  const t0 = performance.now();
  while (n < 3 || performance.now() - t0 < seconds * 1000) forward(xs[n++ % xs.length]);
  const ms = performance.now() - t0;
  tf.dispose(xs);
  net.dispose();
  return { samplesPerS: (n * batch * 1000) / ms, steps: n };
}
