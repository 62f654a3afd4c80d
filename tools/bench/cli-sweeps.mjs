// What the benches that run whole sweeps through the built CLI share (race.mjs, multifidelity.mjs,
// search-toy.mjs): running `seqsweep`, reading an example spec, and dividing a spec's epochs.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The built command. */
export const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
/** The examples folder. */
export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * Runs `seqsweep args...` to its end; resolves with its stdout and stderr together, rejects on a non-zero exit with
 * the output's tail.
 * @param {readonly string[]} args
 * @returns {Promise<string>}
 */
export function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`seqsweep ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`))));
  });
}

/**
 * examples/NAME.yaml, parsed (not checked: the CLI checks what the bench makes of it).
 * @param {string} name
 */
export async function exampleSpec(name) {
  return parse(await readFile(join(EXAMPLES, `${name}.yaml`), 'utf8'));
}

/**
 * A copy of `spec` with its training, stage and final epochs divided by `divisor` (at least one epoch each).
 * @param {any} spec
 * @param {number} divisor
 */
export function shrinkEpochs(spec, divisor) {
  const fewer = (/** @type {number | undefined} */ e) => (e === undefined ? undefined : Math.max(1, Math.round(e / divisor)));
  const s = structuredClone(spec);
  s.train.epochs = fewer(s.train.epochs);
  for (const stage of ['filter', 'evaluate']) if (s.stages?.[stage]?.epochs) s.stages[stage].epochs = fewer(s.stages[stage].epochs);
  if (s.final?.epochs) s.final.epochs = fewer(s.final.epochs);
  return s;
}
