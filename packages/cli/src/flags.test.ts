import { describe, expect, it } from 'vitest';
import { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_OBJECT_BYTES } from '@seqsweep/core';
import { parseArgs } from './args.js';
import { COMMANDS, FLAGS, PUBLIC_COMMANDS, STUDY_FLAGS, flagDef, type CommandName, type FlagDef } from './flags.js';
import { commandHelp, globalHelp } from './usage.js';
import { main } from './cli.js';
import { captureIo } from '../test-support/capture-io.js';

const flags = FLAGS as readonly FlagDef[];
/** The flag names a help text lists, in order. */
const listed = (text: string): string[] => [...text.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]!);

describe('the flag table', () => {
  it('gives every flag a help text and at least one command, and names each flag once', () => {
    for (const f of flags) {
      expect(f.help.length, f.name).toBeGreaterThan(5);
      expect(f.commands.length, f.name).toBeGreaterThan(0);
      for (const c of f.commands) expect(Object.hasOwn(COMMANDS, c), `${f.name}: ${c}`).toBe(true);
    }
    expect(new Set(flags.map((f) => f.name)).size).toBe(flags.length);
  });

  it('states the ack wait that core uses when the flag is absent', () => {
    expect(flagDef('ack-wait')?.default).toBe(DEFAULT_ACK_WAIT_MS);
  });

  it('states the object size limit that core uses when the flag is absent', () => {
    expect(Number(flagDef('max-object-mb')?.default) * 1024 * 1024).toBe(DEFAULT_MAX_OBJECT_BYTES);
  });

  it('keeps the study flags and the spec options they override', () => {
    expect(STUDY_FLAGS).toEqual({
      'learning-rate': 'learningRate', 'hidden-size': 'hiddenSize', 'gradient-clip': 'gradientClip', epochs: 'epochs',
      'batch-size': 'batchSize', 'reconstruction-weight': 'reconstructionWeight', optimizer: 'optimizer',
    });
  });
});

describe('--help, written from the table', () => {
  it('lists every public command and every flag, each flag once, with its default', () => {
    const text = globalHelp();
    for (const c of PUBLIC_COMMANDS) expect(text).toContain(`seqsweep ${c}`);
    expect(text).not.toContain('__local-worker');
    expect(listed(text).sort()).toEqual(flags.filter((f) => f.name !== 'help').map((f) => f.name).sort());
    expect(text).toMatch(/--backend auto\|tensorflow\|wasm\|cpu/);
    expect(text).toMatch(/--ack-wait MS +lease of a pulled trial before it is redelivered \(default 60000\)/);
  });

  it('per command lists exactly the flags that command takes', () => {
    for (const c of PUBLIC_COMMANDS) {
      const expected = flags.filter((f) => f.commands.includes(c)).map((f) => f.name).sort();
      expect(listed(commandHelp(c)).sort(), c).toEqual(expected);
    }
    expect(listed(commandHelp('status'))).toContain('json');
    expect(listed(commandHelp('plan'))).not.toContain('nats');
  });

  it('is what `seqsweep --help`, `seqsweep help` and `seqsweep <command> --help` print, exit 0', async () => {
    for (const [argv, text] of [[['--help'], globalHelp()], [['-h'], globalHelp()], [['help'], globalHelp()],
      [['plan', '--help'], commandHelp('plan')], [['help', 'worker'], commandHelp('worker')], [['watch', '-h'], commandHelp('watch')]] as const) {
      const io = captureIo();
      expect(await main(argv, io), argv.join(' ')).toBe(0);
      expect(io.lines.join('\n')).toBe(text);
      expect(io.errors).toEqual([]);
    }
  });

  it('with no command prints the help and exits 2', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    expect(io.lines.join('\n')).toBe(globalHelp());
  });
});

describe('parsing with the table', () => {
  it('reads values, booleans, inline values and study lists (space or comma separated) as before', () => {
    const a = parseArgs(['worker', '--nats=nats://h:4222', '--sweep=', '--drain', '--concurrency', '2', '--backend', 'cpu']);
    expect(a).toMatchObject({ command: 'worker', values: { nats: 'nats://h:4222', sweep: '', concurrency: '2', backend: 'cpu' }, flags: { drain: true } });
    const b = parseArgs(['plan', 'spec.yaml', '--learning-rate=0.1,0.01', '--optimizer', 'adam', 'sgd', '--epochs', '3', '--json']);
    expect(b.overrides).toEqual({ learningRate: [0.1, 0.01], optimizer: ['adam', 'sgd'], epochs: 3 });
    expect(b.positionals).toEqual(['spec.yaml']);
    expect(b.flags.json).toBe(true);
  });

  it('refuses a flag where a value belongs, even one that looks like a study flag', () => {
    expect(() => parseArgs(['run', 's.yaml', '--out', '--epochs=1'])).toThrow(/^--out needs a value \(DIR\)$/);
    expect(() => parseArgs(['run', 's.yaml', '--out', '--no-tui'])).toThrow(/^--out needs a value/);
    expect(parseArgs(['run', 's.yaml', '--out=--odd']).values.out).toBe('--odd');
    expect(() => parseArgs(['run', 's.yaml', '--epochs'])).toThrow(/^--epochs needs one or more values$/);
  });

  it('refuses, in one sentence, unknown flags, bad values and flags the command does not take', () => {
    const cases: [string[], RegExp][] = [
      [['run', '--lerning-rate', '1'], /^unknown option --lerning-rate$/],
      [['run', 'toy.yaml', '--learning-rate', '1e-4..0.3', '--log'], /^unknown option --log; a log-scale range is written log:LOW\.\.HIGH, e\.g\. --learning-rate log:1e-4\.\.0\.3$/],
      [['plan', '-x'], /^unknown option -x$/],
      [['run', '--workers', 'many'], /^--workers expects a whole number of at least 0, got "many"$/],
      [['run', '--ack-wait', '5'], /^--ack-wait expects a whole number of at least 100, got "5"$/],
      [['worker', '--backend', 'gpu'], /^--backend expects one of auto, tensorflow, wasm, cpu, got "gpu"$/],
      [['run', '--no-tui=yes'], /^--no-tui takes no value$/],
      [['plan', 's.yaml', '--nats', 'nats://h'], /^`plan` takes no --nats \(run, worker, resume, watch, status, replicas do\)/],
      [['watch', '--json'], /^`watch` takes no --json \(status, plan, compare do\)/],
      [['status', '--learning-rate', '1'], /^`status` takes no --learning-rate/],
    ];
    for (const [argv, message] of cases) expect(() => parseArgs(argv), argv.join(' ')).toThrow(message);
  });

  it('a usage error is one sentence on stderr and exit 2, with no stack', async () => {
    const io = captureIo();
    expect(await main(['status', '--jsn'], io)).toBe(2);
    expect(io.errors).toEqual(['seqsweep: unknown option --jsn', 'Run `seqsweep --help` for the commands and their options.']);
    expect(io.lines).toEqual([]);
  });

  it('accepts every flag of the table on each command that takes it', () => {
    for (const f of flags) {
      for (const c of f.commands) {
        const value = f.kind === 'boolean' ? [] : f.kind === 'choice' ? [f.choices![0]!] : [String(Math.max(1, f.min ?? 0))];
        expect(() => parseArgs([c as CommandName, `--${f.name}`, ...value]), `${c} --${f.name}`).not.toThrow();
      }
    }
  });
});
