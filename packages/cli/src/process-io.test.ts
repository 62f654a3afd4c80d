/**
 * The stop signals of the real process: a command with no stop handler ends by the signal at once; a bounded stop
 * that has not finished within STOP_DEADLINE_MS ends by the signal then, and a second signal ends it at once.
 * Each case is a real child process running dist/process-io.js, whose handler never finishes its stop.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDeadline } from '@seqsweep/core/testing';
import { STOP_DEADLINE_MS } from './io.js';
import { TestChild } from '../test-support/child.js';

const PROCESS_IO = fileURLToPath(new URL('../dist/process-io.js', import.meta.url));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-stop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const children: TestChild[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.stop();
});

/** A child whose command registers `handler` (or none) and then keeps the event loop busy, as a stuck stop would. */
async function command(name: string, register: string): Promise<TestChild> {
  const script = join(dir, `${name}.mjs`);
  await writeFile(script, `import { processIo } from ${JSON.stringify(PROCESS_IO)};
const io = processIo();
${register}
setInterval(() => undefined, 1000);
io.out('ready');
`);
  const child = new TestChild([script]);
  children.push(child);
  await child.output(/^ready$/m, 20_000);
  return child;
}

describe('processIo and stop signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('without a stop handler, %s ends the process at once by that signal', async (signal) => {
    const child = await command(`none-${signal}`, '');
    child.child.kill(signal);
    await child.exit(5_000);
    expect(child.signal).toBe(signal);
  }, testDeadline(30_000));

  it('a bounded stop that never finishes ends by the signal once the deadline has passed, after its handler ran', async () => {
    const child = await command('bounded', `io.onStop((s) => io.err('stopping on ' + s), { bounded: true });`);
    child.child.kill('SIGTERM');
    await child.exit(STOP_DEADLINE_MS + 2_000);
    expect(child.signal).toBe('SIGTERM');
    expect(child.stderr).toBe('stopping on SIGTERM\n');
  }, testDeadline(30_000));

  it('a second signal ends a bounded stop at once', async () => {
    const child = await command('twice', `io.onStop((s) => io.err('stopping on ' + s), { bounded: true });`);
    child.child.kill('SIGINT');
    await child.output(/stopping on SIGINT/, 5_000);
    child.child.kill('SIGINT');
    await child.exit(STOP_DEADLINE_MS);
    expect(child.signal).toBe('SIGINT');
  }, testDeadline(30_000));

  it('an unbounded stop (a worker draining its trial) is left to its handler: a second signal reaches the handler too', async () => {
    const child = await command('drain', `io.onStop((s, again) => { io.err(s + (again ? ' again' : '')); if (again) process.exit(0); });`);
    child.child.kill('SIGTERM');
    await child.output(/^SIGTERM$/m, 5_000);
    child.child.kill('SIGTERM');
    expect(await child.exit(5_000)).toBe(0);
    expect(child.stderr).toBe('SIGTERM\nSIGTERM again\n');
  }, testDeadline(30_000));
});
