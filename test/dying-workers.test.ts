/**
 * The embedded default when its local workers keep dying, as under the OOM killer: every local worker is
 * SIGKILLed as soon as it appears, and `seqsweep run` must stop on its own, exit 1 with one sentence that names
 * the last worker error and what to do, and keep the results it has in the run folder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from './support/cli.js';
import { noopSpec, tempDir, writeSpec } from './support/spec.js';

/** The pids of `pid`'s children (Linux). */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(/\s+/).filter(Boolean).map(Number);
}

describe('a local worker pool that keeps dying', () => {
  const running: CliProcess[] = [];
  const killed = new Set<number>();
  afterEach(() => {
    for (const p of running.splice(0)) p.kill('SIGKILL');
    for (const pid of killed) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already, as it should be.
      }
    }
  });

  it('makes the run exit 1 with one sentence naming the last worker error, keeping its results', async () => {
    const dir = await tempDir('dying-workers');
    const out = join(dir, 'runs');
    const run = new CliProcess(['run', await writeSpec(dir, noopSpec('dying', 20)), '--workers', '1', '--out', out, '--no-tui'], { cwd: dir });
    running.push(run);
    let ended = false;
    void run.exited.then(() => (ended = true));
    // The OOM killer: each local worker is killed as soon as it shows up, until the run gives up on them.
    const killer = (async () => {
      while (!ended) {
        for (const pid of await childrenOf(run.child.pid!)) {
          killed.add(pid);
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // It died between the listing and the kill.
          }
        }
        await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 20))]);
      }
    })();
    expect(await run.exit(240_000), run.output).toBe(1);
    await killer;
    const sentence = run.stderr.filter((l) => l.startsWith('seqsweep: '));
    expect(sentence, run.output).toHaveLength(1);
    expect(sentence[0]).toMatch(/^seqsweep: the sweep stopped because no local worker is left \(local-1 was killed by SIGKILL\); the \d+ finished trials? (are|is) in runs\/dying-\S+\/results\.json, .*run it again, or run with --nats/);
    expect(run.output).not.toMatch(/internal error|\n\s+at /);
    const sweepId = /runs\/(\S+)\/results\.json/.exec(sentence[0]!)![1]!;
    const results = JSON.parse(await readFile(join(out, sweepId, 'results.json'), 'utf8')) as { status: string; trials: unknown[] };
    expect(results.status).toBe('running');
    expect(results.trials.length).toBe(Number(/the (\d+) finished/.exec(sentence[0]!)![1]));
  });
});
