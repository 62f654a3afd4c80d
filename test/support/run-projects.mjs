#!/usr/bin/env node
// The e2e package's `npm test`: its two vitest projects (test/vitest.config.ts) at once, each in a vitest process of
// its own that runs its files one at a time. Vitest 4 runs every project of one run in one pool, so a project's
// `fileParallelism: false` made the whole run one file at a time: the waiting files (leases, elections, noop sleeps,
// a terminal) then ran after the training files instead of beside them. Two processes pair exactly one file of each
// project at a time. Each line is prefixed with its project; the exit code is the first non-zero of the two (0 when
// both pass). Arguments go to both processes (a file filter that matches no file of a project passes there).
//
//   node support/run-projects.mjs [vitest run arguments]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PROJECTS = ['e2e', 'e2e-waiting'];
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);

const started = [];
const children = PROJECTS.map((project) => {
  const child = spawn(process.execPath, [vitest, 'run', '--project', project, '--passWithNoTests', ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`[${project}] ${line}\n`));
  }
  return new Promise((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`[${project}] could not start vitest: ${e.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
});

// Stopped from outside (Ctrl-C, a CI timeout): both runs stop with it, so their teardowns still kill what they started.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

const codes = await Promise.all(children);
process.exitCode = codes.find((c) => c !== 0) ?? 0;
