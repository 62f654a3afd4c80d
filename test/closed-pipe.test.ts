import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from './support/cli.js';
import { spawnTracked } from './support/processes.js';

const EXAMPLE = fileURLToPath(new URL('../examples/mnist-pixels.yaml', import.meta.url));

describe('a reader that closes the pipe early (seqsweep plan spec.yaml | head -1)', () => {
  it('ends the command quietly with its own exit code, not an EPIPE stack trace', async () => {
    const child = spawnTracked(process.execPath, [CLI, 'plan', EXAMPLE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read the first chunk, then close our end, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.stdout!.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event|at /);
    expect(code).toBe(0);
  });
});
