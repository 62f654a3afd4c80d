import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultsFile } from '@seqsweep/core';

/** A fresh temporary folder for one test. */
export function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `seqsweep-${label}-`));
}

/** Writes a spec as JSON (a subset of YAML) into `dir` and returns its path. */
export async function writeSpec(dir: string, spec: Record<string, unknown>, file = 'spec.yaml'): Promise<string> {
  const path = join(dir, file);
  await writeFile(path, JSON.stringify(spec, null, 2));
  return path;
}

export type { ResultsFile } from '@seqsweep/core';

export async function readResults(outDir: string, sweepId: string): Promise<ResultsFile> {
  return JSON.parse(await readFile(join(outDir, sweepId, 'results.json'), 'utf8')) as ResultsFile;
}

/** The tiny toy sweep of the acceptance tests: a 2x2 grid, 2 folds keeping 2, then 3 folds. */
export function tinyToySpec(name: string): Record<string, unknown> {
  return {
    name, seed: 7,
    task: { name: 'toy', samples: 96, length: 12 },
    model: { name: 'lstm-ae', hiddenSize: 4 },
    train: { epochs: 2, batchSize: 16, learningRate: 0.01 },
    grid: { learningRate: [0.01, 0.05], hiddenSize: [4, 8] },
    stages: { filter: { folds: 2, epochs: 1, keep: 2 }, evaluate: { folds: 3, epochs: 2 } },
    final: { testFraction: 0.2 },
  };
}

/** A noop sweep of `points` grid points whose trials sleep `sleepMs`. */
export function noopSpec(name: string, sleepMs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, seed: 3,
    task: { name: 'noop', sleepMs, ...extra },
    model: { name: 'lstm-ae' },
    grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] },
    stages: { filter: { folds: 2, epochs: 1, keep: 2 }, evaluate: { folds: 2, epochs: 1 } },
  };
}
