/**
 * Global setup of the e2e package: a folder for the run, named in SEQSWEEP_TEST_RUN_DIR, which every process the
 * tests start inherits. The teardown fails the run, naming each by pid and command line, if any of them is still
 * alive once every test file has finished; it kills them first so that nothing outlives the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_RUN_DIR_VARIABLE } from '../../tools/lib/test-processes.mjs';
import { leftoverProcesses } from './leftover-processes.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'seqsweep-test-run-'));
  process.env[TEST_RUN_DIR_VARIABLE] = dir;
  return () => {
    const leftovers = leftoverProcesses(dir);
    for (const p of leftovers) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch (e) {
        if ((e as { code?: string }).code !== 'ESRCH') throw e;
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (leftovers.length > 0) {
      // Vitest only logs an error thrown at teardown ("error during close") and keeps the exit code of the tests.
      process.exitCode = 1;
      throw new Error([
        `${leftovers.length} process(es) started by the tests outlived them (killed now); a test must stop what it starts in afterEach/afterAll:`,
        ...leftovers.map((p) => `  pid ${p.pid}: ${p.command}`),
      ].join('\n'));
    }
  };
}
