/**
 * Reads the text of a spec file (YAML, or JSON) into a plain value, refusing input that could exhaust memory or
 * the stack: text over {@link MAX_SPEC_BYTES}, nesting deeper than {@link MAX_SPEC_DEPTH}, and alias bombs
 * ("billion laughs") that expand past {@link MAX_YAML_ALIASES}. Every problem is a {@link SpecError}.
 */
import { Composer, LineCounter, Parser, type CST } from 'yaml';
import { SpecError, type SpecIssue } from '../errors.js';

/** The largest spec accepted, in bytes (1 MiB). */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** The deepest nesting of mappings and lists accepted. */
export const MAX_SPEC_DEPTH = 32;
/** The most alias expansions a YAML spec may make (yaml's `maxAliasCount`). */
export const MAX_YAML_ALIASES = 100;

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** The offset of the first collection nested deeper than `limit` in YAML's syntax tree, if any. */
function tooDeepOffset(tokens: readonly CST.Token[], limit: number): number | undefined {
  // The walk keeps its own stack: the point is to survive input nested far deeper than the call stack allows.
  const stack: Array<[CST.Token | undefined, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') stack.push([token.value, depth]);
    else if (COLLECTIONS.has(token.type) && 'items' in token) {
      if (depth + 1 > limit) return token.offset;
      for (const item of token.items) {
        if ('key' in item) stack.push([item.key ?? undefined, depth + 1]);
        stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** True when the plain value nests mappings and lists deeper than `limit` (aliases can deepen a YAML value). */
function valueTooDeep(value: unknown, limit: number): boolean {
  const deepest = new Map<object, number>();
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    // A node shared through an alias is walked again only when reached deeper than before.
    if ((deepest.get(v) ?? -1) >= depth + 1) continue;
    deepest.set(v, depth + 1);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

const fail = (message: string, source: string | undefined, path = ''): SpecError => new SpecError([{ path, message }], source);
const tooDeep = (where: string): string => `the spec nests mappings and lists more than ${MAX_SPEC_DEPTH} levels deep${where}`;

function readYaml(text: string, source: string | undefined): unknown {
  const lines = new LineCounter();
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const deep = tooDeepOffset(tokens, MAX_SPEC_DEPTH);
  if (deep !== undefined) throw fail(tooDeep(` (at ${at(deep)})`), source);
  const docs = Array.from(new Composer({ uniqueKeys: true }).compose(tokens, true, text.length));
  if (docs.length > 1) throw fail(`expected one YAML document, found ${docs.length} (at ${at(docs[1]!.range[0])})`, source);
  const doc = docs[0]!;
  const problems: SpecIssue[] = [...doc.errors, ...doc.warnings].map((e) => ({
    path: '',
    message: `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'error'} at ${at(e.pos[0])}: ${e.message.split('\n')[0]}`,
  }));
  if (problems.length > 0) throw new SpecError(problems, source);
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (cause) {
    // yaml throws ReferenceError for aliases it refuses to expand (too many, or unresolved); anything else is a bug.
    if (!(cause instanceof ReferenceError)) throw cause;
    const bomb = /excessive alias/i.test(cause.message);
    const message = bomb ? `the spec expands YAML aliases (*name) more than ${MAX_YAML_ALIASES} times; refusing a possible alias bomb` : `YAML error: ${cause.message}`;
    throw fail(message, source);
  }
}

function readJson(text: string, source: string | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (!(cause instanceof SyntaxError)) throw cause;
    const position = /position (\d+)/.exec(cause.message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1])).split('\n');
      where = ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
    }
    throw fail(`JSON error${where}: ${cause.message.replace(/ in JSON at position \d+.*$/, '')}`, source);
  }
}

/**
 * Reads spec text into a plain value: JSON when `source` ends in `.json`, YAML otherwise (YAML also reads JSON).
 * @throws {SpecError} for text too large or nested too deeply, alias bombs, and YAML or JSON syntax errors, with
 * the line and column.
 */
export function readSpecText(text: string, source?: string): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) throw fail(`the spec is ${bytes} bytes, over the ${MAX_SPEC_BYTES}-byte (1 MiB) limit`, source);
  const value = source?.toLowerCase().endsWith('.json') ? readJson(text, source) : readYaml(text, source);
  if (valueTooDeep(value, MAX_SPEC_DEPTH)) throw fail(tooDeep(''), source);
  return value;
}
