export { parseArgs, STUDY_FLAGS } from './args.js';
export { FLAGS, COMMANDS, BACKENDS } from './flags.js';
export type { FlagDef, FlagKind, CommandName } from './flags.js';
export { globalHelp, commandHelp } from './usage.js';
export type { ParsedArgs } from './args.js';
export { reportError, UsageError, ExitCode } from './errors.js';
export type { CommandIo } from './io.js';
export { main } from './cli.js';
