import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTransport } from '@seqsweep/core';
import { LocalWorkers } from './local-workers.js';

/** A script standing in for a worker process, written where the pool can fork it. */
async function fixture(source: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'local-workers-')), 'worker.mjs');
  await writeFile(path, source);
  return path;
}

describe('LocalWorkers', () => {
  let pool: LocalWorkers | undefined;
  afterEach(async () => {
    await pool?.stop();
    pool = undefined;
  });

  it('gives up on a slot that dies at once every time, and says so with the last error once no worker is left', async () => {
    const entry = await fixture(`console.error('seqsweep: no TensorFlow.js backend could be initialised'); process.exit(1);\n`);
    const lines: string[] = [];
    pool = new LocalWorkers(new MemoryTransport(), 2, { log: (l) => lines.push(l), entry, maxRestarts: 3 });
    const failure = await pool.exhausted;
    expect(failure.deaths).toBe(2 * 4);
    expect(failure.lastError).toMatch(/^local-[12] exited with code 1 \(its last error: seqsweep: no TensorFlow.js backend could be initialised\)$/);
    expect(pool.alive).toBe(0);
    expect(lines.filter((l) => /not starting it again/.test(l))).toHaveLength(2);
  });

  it('forgets deaths older than the restart window, so a worker killed now and then is always replaced', async () => {
    const entry = await fixture(`process.exit(3);\n`);
    let clock = 0;
    const lines: string[] = [];
    let replaced = 0;
    let wake: () => void = () => undefined;
    pool = new LocalWorkers(new MemoryTransport(), 1, {
      entry, maxRestarts: 1, restartWindowMs: 1000, now: () => (clock += 1000),
      log: (l) => {
        lines.push(l);
        if (/starting another worker/.test(l) && ++replaced === 5) wake();
      },
    });
    await new Promise<void>((resolve) => (wake = resolve));
    expect(pool.alive).toBe(1);
    expect(lines.some((l) => /not starting it again/.test(l))).toBe(false);
  });

  it('stops in bounded time: a worker that ignores SIGTERM is killed after the grace period', async () => {
    const entry = await fixture(`process.on('SIGTERM', () => console.error('ignoring SIGTERM')); setInterval(() => undefined, 1000); console.error('up ' + process.pid);\n`);
    const lines: string[] = [];
    let up: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (up = resolve));
    pool = new LocalWorkers(new MemoryTransport(), 1, { entry, stopGraceMs: 200, log: (l) => (lines.push(l), /up/.test(l) && up()) });
    await started;
    const pid = Number(/up (\d+)/.exec(lines.join('\n'))![1]);
    await pool.stop();
    expect(lines.some((l) => /ignoring SIGTERM/.test(l))).toBe(true);
    expect(() => process.kill(pid, 0), 'the worker is gone').toThrow(/ESRCH/);
  });
});
