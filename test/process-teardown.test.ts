/**
 * The machinery behind the e2e teardown (support/global-setup.ts): it finds a process of the run by the variable
 * it inherited or by its record, names it by pid and command line, and forgets it once it has exited.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftoverProcesses, processesWithEnv } from './support/leftover-processes.js';
import { spawnTracked } from './support/processes.js';
import { tempDir } from './support/spec.js';

describe('finding the processes a test run left behind', () => {
  it('finds a process that inherited the run\'s folder, and forgets it once it exits', async () => {
    const dir = await tempDir('teardown-env');
    const child = spawnTracked('sleep', ['600'], { env: { ...process.env, SEQSWEEP_TEST_RUN_DIR: dir }, stdio: 'ignore' });
    await once(child, 'spawn');
    expect(leftoverProcesses(dir)).toEqual([{ pid: child.pid, command: 'sleep 600' }]);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(leftoverProcesses(dir)).toEqual([]);
  });

  it('finds an orphan by a variable of its test after the process that started it has exited', async () => {
    const marker = randomUUID();
    // The shell starts a sleep in the background and exits: the sleep is no longer below any process of the test.
    // The sleep's output goes nowhere, so the shell's stdout closes with the shell and all of the pid has arrived.
    const shell = spawnTracked('sh', ['-c', 'sleep 602 >/dev/null 2>&1 & echo $!'], { env: { ...process.env, SEQSWEEP_TEST_CASE: marker }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    shell.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await once(shell.stdout!, 'close');
    const orphan = Number(out.trim());
    // Never kill pid 0 (the runner's own process group) or anything but a real pid.
    expect(Number.isInteger(orphan) && orphan > 1, `the shell printed ${JSON.stringify(out)}`).toBe(true);
    try {
      expect(processesWithEnv('SEQSWEEP_TEST_CASE', marker)).toEqual([{ pid: orphan, command: 'sleep 602' }]);
      expect(processesWithEnv('SEQSWEEP_TEST_CASE', randomUUID())).toEqual([]);
    } finally {
      process.kill(orphan, 'SIGKILL');
    }
  });

  it('finds a recorded process without the variable, and not a recorded pid that now runs something else', async () => {
    const dir = await tempDir('teardown-record');
    const child = spawnTracked('sleep', ['601'], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
    await once(child, 'spawn');
    const record = (pid: number, command: string): string => `${JSON.stringify({ pid, command, label: command, by: process.pid })}\n`;
    await appendFile(join(dir, 'processes'), record(child.pid!, 'sleep 601'));
    expect(leftoverProcesses(dir)).toEqual([{ pid: child.pid, command: 'sleep 601' }]);
    // The same pid recorded with another command line: a process that exited, its pid since given to another.
    const recycled = await tempDir('teardown-recycled');
    await appendFile(join(recycled, 'processes'), record(child.pid!, 'sleep 602'));
    expect(leftoverProcesses(recycled)).toEqual([]);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(leftoverProcesses(dir)).toEqual([]);
  });
});
