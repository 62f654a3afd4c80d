// The command line of every script in tools/bench and tools/chaos, handled as the seqsweep command handles its own:
// `--help` (or -h) prints the script's usage and exits 0; an unknown option, a missing value or a stray argument is
// one sentence on stderr naming `--help`, exit code 2, never a stack trace. The usage is the script's own header
// comment (the lines after the shebang), so it is written once, where a reader of the file sees it.
//
//   import { toolArgs } from '../lib/tool-args.mjs';
//   const { values } = toolArgs(import.meta.url, { options: { trials: { type: 'string', default: '5000' } } });
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The leading comment of a script, without its `//` markers: its usage.
 * @param {string} text the script's source
 * @returns {string}
 */
export function headerUsage(text) {
  const lines = text.split('\n');
  const from = lines[0]?.startsWith('#!') ? 1 : 0;
  const header = [];
  for (const line of lines.slice(from)) {
    if (!line.startsWith('//')) break;
    header.push(line.replace(/^\/\/ ?/, ''));
  }
  return header.join('\n').trim();
}

/**
 * One sentence for a parse error of node:util's parseArgs.
 * @param {unknown} error
 * @returns {string}
 */
export function parseErrorSentence(error) {
  const e = /** @type {{ code?: string; message?: string }} */ (error);
  const named = /'(-[^']*?)(?: <value>)?'/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${named ?? e.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': return named ? `${named.replace(/^-\w, /, '')} needs a value` : String(e.message);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return `it takes no arguments, only options (${/'([^']*)'/.exec(e.message ?? '')?.[1] ?? ''} was given)`;
    default: return String(e.message ?? error).split('. ')[0];
  }
}

/**
 * Parses the script's arguments with node:util's parseArgs (strict), adding `--help`/`-h`.
 * @template {import('node:util').ParseArgsConfig} C
 * @param {string} scriptUrl the script's `import.meta.url`
 * @param {C} config parseArgs' config, without `args`
 * @param {string[]} [argv]
 * @returns {ReturnType<typeof parseArgs<C>>}
 */
export function toolArgs(scriptUrl, config, argv = process.argv.slice(2)) {
  const file = fileURLToPath(scriptUrl);
  const script = relative(ROOT, file);
  let parsed;
  try {
    parsed = parseArgs({ ...config, args: argv, strict: true, options: { ...config.options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`${script}: ${parseErrorSentence(error)}; \`node ${script} --help\` lists its options.`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(headerUsage(readFileSync(file, 'utf8')));
    process.exit(0);
  }
  return /** @type {any} */ (parsed);
}

/**
 * Refuses a value the script cannot use, in the same form as a parse error: one sentence, exit 2.
 * @param {string} scriptUrl the script's `import.meta.url`
 * @param {string} sentence what is wrong and what to give instead
 * @returns {never}
 */
export function refuseArg(scriptUrl, sentence) {
  const script = relative(ROOT, fileURLToPath(scriptUrl));
  console.error(`${script}: ${sentence}; \`node ${script} --help\` lists its options.`);
  process.exit(2);
}
