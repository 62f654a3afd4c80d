// Runs ../shared/bench/torch_reference.py (PyTorch on the CPU, one thread) for the benches that compare with it.
// PyTorch is never a dependency of seqsweep: without /usr/bin/python3 and torch the benches say so and skip it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TORCH_REFERENCE = fileURLToPath(new URL('../../../shared/bench/torch_reference.py', import.meta.url));
export const PYTHON = '/usr/bin/python3';

/** Undefined when PyTorch can run here, else the sentence that says why not. */
export function torchMissing() {
  if (!existsSync(PYTHON)) return `PyTorch skipped: ${PYTHON} does not exist`;
  if (!existsSync(TORCH_REFERENCE)) return `PyTorch skipped: ${TORCH_REFERENCE} does not exist`;
  if (spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return `PyTorch skipped: ${PYTHON} cannot import torch (Debian: apt-get install python3-torch)`;
  return undefined;
}

function torchArgs({ torch, steps, features, hidden, batch, samples, lr = 0.01, clip = 1 }) {
  return [TORCH_REFERENCE, '--model', torch, '--seq', steps, '--features', features, '--hidden', hidden, '--batch', batch,
    '--samples', samples, '--threads', 1, '--lr', lr, '--clip', clip].map(String);
}

const ENV = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function parse(stdout) {
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/** One timed epoch of torch_reference.py after a warm-up epoch; resolves to its JSON line (`samples_per_s`). */
export function runTorch(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, torchArgs(config), { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(parse(out)) : reject(new Error(`torch_reference.py exited ${code}:\n${err.slice(-2000)}`))));
  });
}
