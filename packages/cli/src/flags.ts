/**
 * The one table of the command line: every command, and every flag with its type, default, help text and the
 * commands that take it. The parser (`args.ts`) and every `--help` text (`help-text.ts`) are derived from it, so a
 * flag cannot be accepted without being documented. This file imports nothing at run time: `--help` loads it alone.
 */
import type { BackendPreference } from '@seqsweep/ml';

/** The commands a user types, plus the internal one a forked local worker runs. */
export const COMMANDS = {
  run: { args: '<spec.yaml>', summary: 'plans and runs a sweep: local workers without --nats, remote ones with it' },
  worker: { args: '', summary: 'pulls and trains trials from a NATS server until stopped' },
  resume: { args: '<sweepId>', summary: 'continues a sweep after its coordinator died (without --nats: an embedded one, from <out>/<sweepId>/results.json); finished trials are not re-run' },
  watch: { args: '[sweepId]', summary: 'the live TUI of a sweep from any machine (q detaches); plain lines off a terminal' },
  status: { args: '[sweepId]', summary: 'the sweeps on a server, or one sweep\'s stage and trial counts' },
  replicas: { args: '[N]', summary: 'the replicas of the streams and buckets of a prefix; with N, sets them in place (3 on a cluster survives a lost server)' },
  plan: { args: '<spec.yaml>', summary: 'the dry run: each stage\'s trial count and stage one\'s trials; trains nothing' },
  report: { args: '<run-dir>', summary: 'writes <run-dir>/report.html again from results.json and best/' },
  compare: { args: '<run-dir> <run-dir>...', summary: 'sets sweeps side by side: best point, cv mean ± std, test figures, trial compute, history against compute (text, --json, and an HTML page)' },
  '__local-worker': { args: '', summary: 'internal: a worker forked by `seqsweep run`, on its parent\'s transport', internal: true },
} as const satisfies Record<string, { args: string; summary: string; internal?: boolean }>;

/** A command name. */
export type CommandName = keyof typeof COMMANDS;

/** Commands listed in `--help`, in the order shown. */
export const PUBLIC_COMMANDS = (Object.keys(COMMANDS) as CommandName[]).filter((c) => !('internal' in COMMANDS[c]));

/**
 * How a flag's value is read: `boolean` takes none; `string` one; `int` one whole number of at least `min`;
 * `choice` one of `choices`; `list` (the study's flags) one or more values, space or comma separated, where two or
 * more make a grid axis.
 */
export type FlagKind = 'boolean' | 'string' | 'int' | 'choice' | 'list';

/** Which block of `--help` a flag is listed in. */
export type FlagGroup = 'options' | 'study' | 'connection';

/** One flag of the table. */
export interface FlagDef {
  readonly name: string;
  readonly kind: FlagKind;
  /** What the value is called in help, e.g. `URL`. */
  readonly value?: string;
  /** The default, where the command has one that does not depend on other flags. */
  readonly default?: number | string;
  /** The default as help shows it, where it is not just `default`. */
  readonly defaultText?: string;
  readonly min?: number;
  readonly choices?: readonly string[];
  /** For study flags: the spec option it overrides. */
  readonly key?: string;
  readonly help: string;
  readonly commands: readonly CommandName[];
  readonly group: FlagGroup;
  readonly short?: string;
}

/** The backends a worker accepts (`--backend`); checked against core's type so a new backend cannot be left out. */
export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendPreference[];
type MissingBackend = Exclude<BackendPreference, (typeof BACKENDS)[number]>;
const everyBackend: MissingBackend extends never ? true : never = true;
void everyBackend;

const NATS: readonly CommandName[] = ['run', 'worker', 'resume', 'watch', 'status', 'replicas'];
const DRIVES: readonly CommandName[] = ['run', 'resume'];
const TRAINS: readonly CommandName[] = ['run', 'resume', 'worker', '__local-worker', 'report'];
const SPEC: readonly CommandName[] = ['run', 'plan'];

const study = <N extends string>(name: N, key: string, value = 'V..') => ({
  name, kind: 'list' as const, key, value, help: `overrides ${key}`, commands: SPEC, group: 'study' as const,
});

/**
 * Every flag. Defaults are what help prints; where a library owns the default (the ack wait is core's
 * DEFAULT_ACK_WAIT_MS) the command passes nothing when the flag is absent, and flags.test.ts holds the two equal.
 * The table imports nothing at run time, so `--help` loads no package.
 */
export const FLAGS = [
  { name: 'help', short: 'h', kind: 'boolean', help: 'this text (with a command: that command\'s flags)', commands: Object.keys(COMMANDS) as CommandName[], group: 'options' },
  { name: 'workers', kind: 'int', value: 'N', min: 0, defaultText: 'one per core without --nats, 0 with it', help: 'local worker processes', commands: DRIVES, group: 'options' },
  { name: 'out', kind: 'string', value: 'DIR', default: 'runs', help: 'where <sweepId>/results.json, trials.csv, best/ and report.html go', commands: DRIVES, group: 'options' },
  { name: 'no-tui', kind: 'boolean', help: 'plain progress lines even on a terminal (TUI keys: arrows select, Enter details, s sort, ? help, q detach)', commands: DRIVES, group: 'options' },
  { name: 'ack-wait', kind: 'int', value: 'MS', min: 100, default: 60_000, help: 'lease of a pulled trial before it is redelivered', commands: DRIVES, group: 'options' },
  { name: 'max-deliver', kind: 'int', value: 'N', min: 1, default: 3, help: 'deliveries before a trial is recorded as failed', commands: DRIVES, group: 'options' },
  { name: 'max-trials', kind: 'int', value: 'N', min: 1, default: 10_000, help: 'refuse sweeps that plan more trials', commands: [...DRIVES, 'plan'], group: 'options' },
  { name: 'replicas', kind: 'int', value: 'N', min: 1, defaultText: 'as many as the cluster has servers, at most 3 (1 on a lone server), where it creates them; existing ones are used as they are (`seqsweep replicas N` changes them)', help: 'replicas of the streams and buckets it creates on a NATS cluster (3 survives a lost server)', commands: ['run', 'resume', 'worker'], group: 'options' },
  { name: 'max-object-mb', kind: 'int', value: 'MIB', min: 1, default: 256, help: 'refuse an object of the object store (a data file, a final model) larger than this', commands: ['run', 'resume', 'worker'], group: 'options' },
  { name: 'data', kind: 'string', value: 'PATH', help: 'the data file or folder of the task (sp500 path, mnist dir)', commands: SPEC, group: 'options' },
  { name: 'backend', kind: 'choice', value: 'B', choices: BACKENDS, default: 'auto', help: 'the TensorFlow.js backend to train with (auto: the fastest that loads)', commands: TRAINS, group: 'options' },
  { name: 'concurrency', kind: 'int', value: 'N', min: 1, default: 1, help: 'worker processes, one trial each at a time', commands: ['worker'], group: 'options' },
  { name: 'drain', kind: 'boolean', help: 'on the first stop signal, finish the running trial before stopping (a second hands it back)', commands: ['worker', '__local-worker'], group: 'options' },
  { name: 'sweep', kind: 'string', value: 'ID', help: 'take trials of this sweep only', commands: ['worker', '__local-worker'], group: 'options' },
  { name: 'allow-code', kind: 'boolean', help: 'run the modules (a task or model\'s own code) that sweeps ship; without it such sweeps are left to other workers (docs/security.md)', commands: ['worker'], group: 'options' },
  { name: 'trust', kind: 'string', value: 'DIGEST[,..]', help: 'run only the modules of these digests (as `seqsweep plan` and results.json print them)', commands: ['worker'], group: 'options' },
  { name: 'listen', kind: 'int', value: 'MS', min: 1, help: 'also list the workers heard within MS, and whether each runs sweeps\' code', commands: ['status'], group: 'options' },
  { name: 'json', kind: 'boolean', help: 'print one JSON document instead of text', commands: ['status', 'plan', 'compare'], group: 'options' },
  { name: 'all', kind: 'boolean', help: 'list every stage-one trial, not only the first 100', commands: ['plan'], group: 'options' },
  { name: 'search', kind: 'string', value: 'S', help: 'the strategy that draws stage one\'s points (search.strategy: grid, random, sobol, tpe)', commands: SPEC, group: 'study' },
  { name: 'trials', kind: 'int', value: 'N', min: 1, help: 'points stage one draws (search.trials; every strategy but grid)', commands: SPEC, group: 'study' },
  { name: 'parallel', kind: 'int', value: 'N', min: 1, defaultText: 'the local workers; 1 with --nats and no local workers', help: 'stage-one trials a strategy that draws as results arrive (tpe) keeps unfinished: the workers it keeps busy', commands: ['run'], group: 'options' },
  { name: 'html', kind: 'string', value: 'FILE', default: 'compare.html', help: 'where compare writes its side-by-side page', commands: ['compare'], group: 'options' },
  study('learning-rate', 'learningRate'),
  study('hidden-size', 'hiddenSize'),
  study('gradient-clip', 'gradientClip'),
  study('epochs', 'epochs'),
  study('batch-size', 'batchSize'),
  study('reconstruction-weight', 'reconstructionWeight'),
  study('optimizer', 'optimizer', 'adam|sgd'),
  { name: 'nats', kind: 'string', value: 'URL', help: 'nats://host:4222 (comma-separate several servers); NATS_URL works alike', commands: NATS, group: 'connection' },
  { name: 'prefix', kind: 'string', value: 'P', default: 'seqsweep', help: 'subject and stream prefix that isolates teams', commands: NATS, group: 'connection' },
  { name: 'user', kind: 'string', value: 'U', help: 'user name (with --password)', commands: NATS, group: 'connection' },
  { name: 'password', kind: 'string', value: 'P', help: 'password of --user', commands: NATS, group: 'connection' },
  { name: 'token', kind: 'string', value: 'T', help: 'token authentication', commands: NATS, group: 'connection' },
  { name: 'creds', kind: 'string', value: 'FILE', help: 'a NATS credentials file', commands: NATS, group: 'connection' },
  { name: 'nkey', kind: 'string', value: 'SEEDFILE', help: 'an nkey seed file', commands: NATS, group: 'connection' },
  { name: 'tls-ca', kind: 'string', value: 'FILE', help: 'CA certificate to trust', commands: NATS, group: 'connection' },
  { name: 'tls-cert', kind: 'string', value: 'FILE', help: 'client certificate (with --tls-key)', commands: NATS, group: 'connection' },
  { name: 'tls-key', kind: 'string', value: 'FILE', help: 'client key', commands: NATS, group: 'connection' },
] as const satisfies readonly FlagDef[];

type Flag = (typeof FLAGS)[number];
/** Flags that take one value (kept as the text the user typed). */
export type ValueFlag = Extract<Flag, { kind: 'string' | 'int' | 'choice' }>['name'];
/** Flags that take no value. */
export type BooleanFlag = Extract<Flag, { kind: 'boolean' }>['name'];
/** The study's flags. */
export type StudyFlag = Extract<Flag, { kind: 'list' }>['name'];

const BY_NAME: ReadonlyMap<string, FlagDef> = new Map(FLAGS.map((f) => [f.name, f]));

/** The flag called `name`, if there is one. */
export function flagDef(name: string): FlagDef | undefined {
  return BY_NAME.get(name);
}

/** The study's flags, by flag name, with the spec option each overrides. */
export const STUDY_FLAGS: Readonly<Record<StudyFlag, string>> = Object.fromEntries(
  FLAGS.filter((f): f is Extract<Flag, { kind: 'list' }> => f.kind === 'list').map((f) => [f.name, f.key]),
) as Record<StudyFlag, string>;

/** Whether `command` is one of the commands. */
export function isCommand(command: string): command is CommandName {
  return Object.hasOwn(COMMANDS, command);
}
