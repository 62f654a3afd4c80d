/** The text of `seqsweep --help` and of `seqsweep <command> --help`, written from the flag table. */
import { COMMANDS, FLAGS, PUBLIC_COMMANDS, type CommandName, type FlagDef, type FlagGroup } from './flags.js';

const TITLE = 'seqsweep: distributed hyperparameter sweeps over LSTM sequence models';
const EXIT_CODES = 'Exit codes: 0 done, 1 runtime failure, 2 bad spec or usage.';
const GROUP_TITLES: Record<FlagGroup, string> = {
  options: 'Options',
  study: 'Study flags (override the spec; two or more values make a grid axis, A..B or log:A..B a range to draw from)',
  connection: 'Connection (NATS_URL works like --nats)',
};

const all = FLAGS as readonly FlagDef[];

function flagLabel(f: FlagDef): string {
  const value = f.kind === 'choice' ? f.choices!.join('|') : f.value;
  return `${f.short ? `-${f.short}, ` : ''}--${f.name}${value ? ` ${value}` : ''}`;
}

function flagHelp(f: FlagDef): string {
  const fallback = f.defaultText ?? (f.default === undefined ? undefined : String(f.default));
  return `${f.help}${fallback === undefined ? '' : ` (default ${fallback})`}`;
}

/** Aligned `label  help` lines; `where` adds, per flag, the commands that take it. */
function flagLines(flags: readonly FlagDef[], where: boolean): string[] {
  const width = Math.min(28, Math.max(...flags.map((f) => flagLabel(f).length)) + 2);
  return flags.map((f) => {
    const label = flagLabel(f);
    const takers = f.commands.filter((c) => PUBLIC_COMMANDS.includes(c));
    const scope = where && takers.length < PUBLIC_COMMANDS.length ? `  [${takers.join(', ')}]` : '';
    return `  ${label.length >= width ? `${label}\n  ${' '.repeat(width)}` : label.padEnd(width)}${flagHelp(f)}${scope}`;
  });
}

function blocks(flags: readonly FlagDef[], where: boolean): string[] {
  const out: string[] = [];
  for (const group of Object.keys(GROUP_TITLES) as FlagGroup[]) {
    const of = flags.filter((f) => f.group === group);
    if (of.length === 0) continue;
    const takers = [...new Set(of.flatMap((f) => f.commands))].filter((c) => PUBLIC_COMMANDS.includes(c));
    const scope = where && group !== 'options' ? ` [${takers.join(', ')}]` : '';
    out.push('', `${GROUP_TITLES[group]}${scope}:`, ...flagLines(of, where && group === 'options'));
  }
  return out;
}

function usageLine(command: CommandName): string {
  const args = COMMANDS[command].args;
  return `seqsweep ${command}${args ? ` ${args}` : ''} [flags]`;
}

/** `seqsweep --help`: every command, then every flag with the commands that take it. */
export function globalHelp(): string {
  const width = Math.max(...PUBLIC_COMMANDS.map((c) => usageLine(c).length)) + 2;
  return [
    TITLE, '', 'Usage:',
    ...PUBLIC_COMMANDS.map((c) => `  ${usageLine(c).padEnd(width)}${COMMANDS[c].summary}`),
    ...blocks(all.filter((f) => f.name !== 'help'), true),
    '', '`seqsweep <command> --help` lists the flags of one command.',
    EXIT_CODES, '',
  ].join('\n');
}

/** `seqsweep <command> --help`: what it does and the flags it takes. */
export function commandHelp(command: CommandName): string {
  return [
    `Usage: ${usageLine(command)}`, '', `  ${COMMANDS[command].summary}`,
    ...blocks(all.filter((f) => f.commands.includes(command)), false),
    '', EXIT_CODES, '',
  ].join('\n');
}

/** The text of `seqsweep --help`. */
export const USAGE = globalHelp();
