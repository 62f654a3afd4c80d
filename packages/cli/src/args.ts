import { parseArgs as parseWithNode, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';
import { COMMANDS, FLAGS, STUDY_FLAGS, flagDef, isCommand, type BooleanFlag, type FlagDef, type ValueFlag } from './flags.js';

export { STUDY_FLAGS } from './flags.js';
export type { ValueFlag, BooleanFlag } from './flags.js';

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

/** The table in the shape `node:util` takes; the study's flags are taken out before it runs (they take lists). */
const NODE_OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  FLAGS.filter((f) => f.kind !== 'list').map((f: FlagDef) => [f.name, {
    type: f.kind === 'boolean' ? 'boolean' as const : 'string' as const,
    ...(f.short ? { short: f.short } : {}),
  }]),
);

/**
 * Takes the study's flags out of `argv`: each takes every following argument up to the next `--flag` (or a
 * comma-separated `--flag=a,b`), which `node:util` cannot express. The value of any other flag is passed on
 * untouched, even where it looks like a study flag.
 */
function takeStudyFlags(argv: readonly string[]): { rest: string[]; overrides: Record<string, unknown>; names: string[] } {
  const rest: string[] = [];
  const overrides: Record<string, unknown> = {};
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(token);
    const def = match ? flagDef(match[1]!) : undefined;
    const inline = match?.[2];
    if (def?.kind !== 'list') {
      rest.push(token);
      if (def && def.kind !== 'boolean' && inline === undefined && i + 1 < argv.length) rest.push(argv[++i]!);
      continue;
    }
    const list: string[] = inline !== undefined ? inline.split(',') : [];
    while (inline === undefined && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) list.push(argv[++i]!);
    if (list.length === 0) throw new UsageError(`--${def.name} needs one or more values`);
    const parsed = list.map(asValue);
    overrides[STUDY_FLAGS[def.name as keyof typeof STUDY_FLAGS]] = parsed.length === 1 ? parsed[0] : parsed;
    names.push(def.name);
  }
  return { rest, overrides, names };
}

/** Checks one flag's value against its type in the table. */
function checkValue(def: FlagDef, raw: string | undefined, inline: boolean): string {
  if (raw === undefined || (!inline && raw.startsWith('--'))) throw new UsageError(`--${def.name} needs a value${def.value ? ` (${def.value})` : ''}`);
  if (def.kind === 'int') {
    const n = Number(raw);
    const min = def.min ?? 0;
    if (raw.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${def.name} expects a whole number of at least ${min}, got "${raw}"`);
  }
  if (def.kind === 'choice' && !def.choices!.includes(raw)) throw new UsageError(`--${def.name} expects one of ${def.choices!.join(', ')}, got "${raw}"`);
  return raw;
}

/**
 * Parses `argv` (without node and the script) with the flag table. Unknown flags, missing or bad values, and flags
 * the command does not take are usage errors.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const { rest, overrides, names } = takeStudyFlags(argv);
  const { tokens } = parseWithNode({ args: rest, options: NODE_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const values: Partial<Record<ValueFlag, string>> = {};
  const flags: Partial<Record<BooleanFlag, true>> = {};
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const def = flagDef(t.name);
    if (!def) throw new UsageError(`unknown option ${t.rawName}${unknownOptionHint(t.name)}`);
    names.push(def.name);
    if (def.kind === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`--${def.name} takes no value`);
      flags[def.name as BooleanFlag] = true;
    } else {
      values[def.name as ValueFlag] = checkValue(def, t.value, t.inlineValue === true);
    }
  }
  const command = positionals.shift();
  if (command !== undefined && isCommand(command)) {
    for (const name of names) {
      const def = flagDef(name)!;
      if (!def.commands.includes(command)) {
        const takers = def.commands.filter((c) => !('internal' in COMMANDS[c])).join(', ');
        throw new UsageError(`\`${command}\` takes no --${name} (${takers} ${def.commands.length === 1 ? 'does' : 'do'}); \`seqsweep ${command} --help\` lists its flags`);
      }
    }
  }
  return { command, positionals, values, flags, overrides };
}

/**
 * Reads a whole-number option, or returns `fallback` when it is absent. The parser has checked the table's
 * minimum; `min` is a stricter one that depends on the other flags (one local worker at least without --nats).
 */
export function intOption(args: ParsedArgs, name: ValueFlag, fallback: number, min = 0): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} expects a whole number of at least ${min}, got "${raw}"`);
  return n;
}

/** A whole-number option, or undefined when it is absent (the library's own default applies). */
export function optionalInt(args: ParsedArgs, name: ValueFlag): number | undefined {
  return args.values[name] === undefined ? undefined : intOption(args, name, 0);
}

/**
 * What follows "unknown option --x" for a flag people reach for that seqsweep spells another way: `--log` (a
 * log-scale range is part of the range's value). Empty otherwise. (No edit-distance guess here: a usage error must
 * load no seqsweep package, and core holds that code.)
 */
function unknownOptionHint(name: string): string {
  return /^log(-?scale|arithmic)?$/i.test(name) ? '; a log-scale range is written log:LOW..HIGH, e.g. --learning-rate log:1e-4..0.3' : '';
}
