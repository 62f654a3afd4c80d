// Helpers shared by the scripts that drive sweeps of `noop` trials through the built CLI (tools/bench/overhead.mjs,
// tools/chaos/load.mjs): start a seqsweep process, and write a noop spec of a given size.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordTestProcess } from './test-processes.mjs';

/** The built seqsweep command (`npx tsc -b tsconfig.json` builds it). */
export const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/**
 * Starts `seqsweep <args>` with its stdout and stderr collected. `exited` resolves with the output once it exits,
 * and rejects on a non-zero exit unless `wait` is false (a worker that is stopped on purpose).
 * @param {readonly string[]} args
 * @param {{ wait?: boolean; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void }} [options]
 */
export function cli(args, { wait = true, env, onLine } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  // Under a test run (test/load.test.ts), the run's teardown names this process if it outlives the test.
  recordTestProcess(child, `seqsweep ${args.join(' ')}`);
  let out = '';
  let partial = '';
  const take = (d) => {
    out += d;
    if (!onLine) return;
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 || !wait ? resolve(out) : reject(new Error(`seqsweep ${args[0]} exited ${code}:\n${out.slice(-3000)}`)))));
  return { child, exited, output: () => out };
}

/**
 * Writes a noop sweep of about `n` trials as JSON: a grid of n/2 points x 2 folds, keeping 1 point for 2 folds, then
 * the final trial. Returns its path and its exact number of trials.
 * @param {string} dir
 * @param {number} n
 * @param {string} file
 * @param {{ name?: string; sleepMs?: number }} [options]
 */
export async function writeNoopSpec(dir, n, file, { name = 'overhead', sleepMs } = {}) {
  const points = Math.max(1, Math.floor(n / 2));
  // The wire carries at most 10,000 values in one list (messages.ts): a bigger grid is split over a second axis.
  const split = points > 10_000 ? Math.ceil(points / 10_000) : 1;
  const lr = Array.from({ length: Math.floor(points / split) }, (_, i) => Number((1e-4 * (i + 1)).toFixed(6)));
  const grid = split > 1 ? { learningRate: lr, hiddenSize: Array.from({ length: split }, (_, i) => i + 1) } : { learningRate: lr };
  const planned = lr.length * split;
  const path = join(dir, file);
  await writeFile(path, JSON.stringify({
    name, task: { name: 'noop', ...(sleepMs ? { sleepMs } : {}) }, model: { name: 'lstm-ae' }, grid,
    stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
  }));
  return { path, total: planned * 2 + 2 + 1 };
}
