import { UsageError } from './errors.js';

/** The study's flags: each takes one or more values and overrides the spec (two or more values make a grid axis). */
export const STUDY_FLAGS = {
  'learning-rate': 'learningRate',
  'hidden-size': 'hiddenSize',
  'gradient-clip': 'gradientClip',
  epochs: 'epochs',
  'batch-size': 'batchSize',
  'reconstruction-weight': 'reconstructionWeight',
  optimizer: 'optimizer',
} as const;

const BOOLEAN_FLAGS = ['no-tui', 'drain', 'help', 'json'] as const;
const VALUE_FLAGS = [
  'nats', 'workers', 'out', 'concurrency', 'sweep', 'prefix', 'user', 'password', 'token', 'creds', 'nkey',
  'tls-ca', 'tls-cert', 'tls-key', 'ack-wait', 'max-deliver', 'max-trials', 'data', 'backend', 'replicas',
] as const;

export type ValueFlag = (typeof VALUE_FLAGS)[number];
export type BooleanFlag = (typeof BOOLEAN_FLAGS)[number];

/** A parsed command line. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positionals: string[];
  readonly values: Partial<Record<ValueFlag, string>>;
  readonly flags: Partial<Record<BooleanFlag, true>>;
  /** Study flags as spec overrides, keyed by option name, values parsed as numbers where they are numbers. */
  readonly overrides: Record<string, unknown>;
}

const asValue = (s: string): string | number => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** Parses `argv` (without node and the script). Unknown flags and missing values are usage errors. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const values: Partial<Record<ValueFlag, string>> = {};
  const flags: Partial<Record<BooleanFlag, true>> = {};
  const overrides: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '-h') {
      flags.help = true;
      continue;
    }
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      flags[name as BooleanFlag] = true;
    } else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      values[name as ValueFlag] = value;
    } else if (name in STUDY_FLAGS) {
      const list: string[] = inline !== undefined ? inline.split(',') : [];
      while (inline === undefined && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) list.push(argv[++i]!);
      if (list.length === 0) throw new UsageError(`--${name} needs one or more values`);
      const parsed = list.map(asValue);
      overrides[STUDY_FLAGS[name as keyof typeof STUDY_FLAGS]] = parsed.length === 1 ? parsed[0] : parsed;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { command: positionals.shift(), positionals, values, flags, overrides };
}

/** Reads a whole-number option, or returns `fallback` when it is absent. */
export function intOption(args: ParsedArgs, name: ValueFlag, fallback: number, min = 0): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} expects a whole number of at least ${min}, got "${raw}"`);
  return n;
}
