/**
 * Every script in tools/bench and tools/chaos behaves like the seqsweep command: `--help` prints its usage (its
 * header comment) and exits 0 before it measures or starts anything; an unknown flag is one sentence on stderr that
 * names `--help`, exit code 2, with no stack trace. A script is any file there that starts with a shebang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDeadline } from '@seqsweep/core/testing';
import { spawnTracked } from './support/processes.js';
import { headerUsage, parseErrorSentence } from '../tools/lib/tool-args.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRIPTS = ['tools/bench', 'tools/chaos'].flatMap((dir) =>
  readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.mjs')).map((f) => `${dir}/${f}`)
    .filter((f) => readFileSync(join(ROOT, f), 'utf8').startsWith('#!')));

/** Runs `node script ...args` from the repository root and gives its exit code and output. */
function run(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawnTracked(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], label: script });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the tools scripts', () => {
  it('are found', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(['tools/bench/train.mjs', 'tools/bench/race.mjs', 'tools/chaos/chaos.mjs', 'tools/chaos/load.mjs']));
  });

  it.each(SCRIPTS)('%s answers --help with its usage and refuses an unknown flag in one sentence', async (script) => {
    const [help, bogus] = await Promise.all([run(script, ['--help']), run(script, ['--no-such-flag'])]);
    expect(help.code, help.err).toBe(0);
    expect(help.out.trim()).toBe(headerUsage(readFileSync(join(ROOT, script), 'utf8')));
    expect(help.out).toContain(`node ${script}`);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toBe(`${script}: unknown option --no-such-flag; \`node ${script} --help\` lists its options.\n`);
  }, testDeadline(60_000));

  it('says a missing value and a stray argument in one sentence each', () => {
    const missing = Object.assign(new Error("Option '-t, --trials <value>' argument missing"), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
    expect(parseErrorSentence(missing)).toBe('--trials needs a value');
    const stray = Object.assign(new Error("Unexpected argument 'x'. This command does not take positional arguments"), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
    expect(parseErrorSentence(stray)).toBe('it takes no arguments, only options (x was given)');
  });
});
