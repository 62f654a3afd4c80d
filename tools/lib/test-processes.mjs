// The record of processes started under a test run. test/support/global-setup.ts sets SEQSWEEP_TEST_RUN_DIR to a
// folder of its own; every process a test (or the tools/chaos harness under a test) starts is appended to the
// `processes` file there, one JSON line each, so that the run's teardown can name any that outlived its test.
// Outside a test run the variable is unset and nothing is written.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The variable naming the run's folder; every child inherits it, which is how the teardown finds grandchildren. */
export const TEST_RUN_DIR_VARIABLE = 'SEQSWEEP_TEST_RUN_DIR';

/** The file of the run's process records. */
export function processRecordFile(dir = process.env[TEST_RUN_DIR_VARIABLE]) {
  return dir ? join(dir, 'processes') : undefined;
}

/**
 * Records a started child process (pid and command line) for the run's teardown. Synchronous, so the record exists
 * before the test can fail.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} [label]
 */
export function recordTestProcess(child, label) {
  const file = processRecordFile();
  if (!file || child.pid === undefined) return;
  const command = child.spawnargs.join(' ');
  appendFileSync(file, `${JSON.stringify({ pid: child.pid, command, label: label ?? command, by: process.pid })}\n`);
}

/**
 * The processes recorded under `dir`.
 * @param {string} dir
 * @returns {{ pid: number; command: string; label: string; by: number }[]}
 */
export function recordedTestProcesses(dir) {
  const file = processRecordFile(dir);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e?.code === 'ENOENT') return [];
    throw e;
  }
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}
