import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { parseArgs } from './args.js';
import { codePolicy } from './commands/worker.js';
import { captureIo } from '../test-support/capture-io.js';

describe('seqsweep worker --allow-code and --trust', () => {
  it('reads the code policy from the flags', () => {
    expect(codePolicy(parseArgs(['worker', '--allow-code']))).toEqual({ allowCode: true, trust: [] });
    const digest = 'AB'.repeat(32);
    expect(codePolicy(parseArgs(['worker', '--trust', `${digest}, ${'c'.repeat(64)}`]))).toEqual({ allowCode: false, trust: ['ab'.repeat(32), 'c'.repeat(64)] });
    expect(codePolicy(parseArgs(['worker']))).toEqual({ allowCode: false, trust: [] });
  });

  it('refuses a --trust that is no digest in one sentence, before it connects', async () => {
    const io = captureIo();
    const code = await main(['worker', '--nats', 'nats://127.0.0.1:1', '--trust', 'abc123'], io);
    expect(code).toBe(2);
    expect(io.errors[0]).toBe('seqsweep: --trust takes module digests (64 hex digits, as `seqsweep plan` prints them), got "abc123"');
  });
});
