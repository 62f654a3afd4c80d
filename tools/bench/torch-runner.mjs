// Runs tools/bench/torch_reference.py (PyTorch on the CPU, one thread) for the benches that compare with it, and
// checks that the peer is PyTorch as its users run it: with an optimised BLAS, not netlib's reference BLAS, which
// `apt-get install python3-torch` alone can leave in place (about 5x slower on the MNIST-rows shape, issue 26).
// PyTorch is never a dependency of seqsweep: without /usr/bin/python3 and torch the benches say so and skip it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TORCH_REFERENCE = fileURLToPath(new URL('./torch_reference.py', import.meta.url));
export const PYTHON = '/usr/bin/python3';
export const INSTALL_OPENBLAS = 'apt-get install libopenblas0-pthread';

// One thread everywhere: OpenBLAS's own pool included (it starts one thread per core unless told otherwise).
const ENV = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

/** The one-line description of a `blas` object from torch_reference.py. */
export function blasLine(blas) {
  const where = blas.sgemm ?? 'not found';
  if (blas.library === 'openblas') return `PyTorch BLAS: OpenBLAS, core ${blas.core}, ${blas.threads ?? '?'} thread(s) (${blas.config ?? 'config unknown'}; sgemm from ${where})`;
  if (blas.library === 'mkl') return `PyTorch BLAS: MKL (sgemm from ${where})`;
  if (blas.library === 'reference') return `PyTorch BLAS: netlib reference BLAS (sgemm from ${where})`;
  return `PyTorch BLAS: unknown (sgemm from ${where}; mapped: ${(blas.mapped ?? []).join(', ') || 'none'})`;
}

/** Undefined when `blas` is an optimised BLAS, else the sentence that says why no ratio is printed against it. */
export function blasRefusal(blas) {
  if (blas.library === 'openblas' || blas.library === 'mkl') return undefined;
  const what = blas.library === 'reference' ? 'netlib\'s reference BLAS' : 'a BLAS it cannot name';
  return `PyTorch skipped: it loaded ${what}, which no PyTorch user trains on (pip's wheels bring MKL, Debian's package is used with OpenBLAS); install OpenBLAS: ${INSTALL_OPENBLAS}`;
}

/**
 * Undefined when PyTorch with an optimised BLAS can run here, else the sentence that says why not. Prints the
 * BLAS line (which library the PyTorch process loaded, and OpenBLAS's core type) when torch runs at all.
 */
export function torchMissing(log = console.log) {
  if (!existsSync(PYTHON)) return `PyTorch skipped: ${PYTHON} does not exist`;
  if (!existsSync(TORCH_REFERENCE)) return `PyTorch skipped: ${TORCH_REFERENCE} does not exist`;
  const probe = spawnSync(PYTHON, [TORCH_REFERENCE, '--blas-only'], { env: ENV, encoding: 'utf8' });
  if (probe.status !== 0) {
    if (/No module named .?torch/.test(probe.stderr)) return `PyTorch skipped: ${PYTHON} cannot import torch (Debian: apt-get install python3-torch libopenblas0-pthread)`;
    return `PyTorch skipped: torch_reference.py --blas-only failed: ${probe.stderr.trim().split('\n').at(-1)}`;
  }
  const { version, blas } = parse(probe.stdout);
  log(`${blasLine(blas)}, PyTorch ${version}`);
  return blasRefusal(blas);
}

function torchArgs({ torch, steps, features, hidden, batch, samples, lr = 0.01, clip = 1 }) {
  return [TORCH_REFERENCE, '--model', torch, '--seq', steps, '--features', features, '--hidden', hidden, '--batch', batch,
    '--samples', samples, '--threads', 1, '--lr', lr, '--clip', clip].map(String);
}

function parse(stdout) {
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/**
 * One timed epoch of torch_reference.py after a warm-up epoch; resolves to its JSON line (`samples_per_s`, and
 * `blas`). Rejects a run that loaded a BLAS {@link blasRefusal} refuses, so no ratio is ever taken against it.
 */
export function runTorch(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, torchArgs(config), { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`torch_reference.py exited ${code}:\n${err.slice(-2000)}`));
      const result = parse(out);
      const refusal = blasRefusal(result.blas ?? {});
      return refusal ? reject(new Error(refusal)) : resolve(result);
    });
  });
}
