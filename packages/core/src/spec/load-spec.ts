/**
 * Loading a sweep spec from text or a file, with the command line's overrides applied before it is parsed.
 */
import { readFile, stat } from 'node:fs/promises';
import { ErrorCode, SpecError, UserError } from '../errors.js';
import { dirname } from 'node:path';
import { loadSpecModules, type ModuleImporter } from './load-modules.js';
import { applyDataPath, applyOverrides, applySearch, type SearchOverride } from './overrides.js';
import { parseSpec } from './parse-spec.js';
import { MAX_SPEC_BYTES, readSpecText } from './read-spec-text.js';
import type { SweepSpec } from './sweep-spec.js';

/** What the command line changes in a spec before it is parsed. */
export interface LoadSpecOptions {
  /** Study flags keyed by option name; see `applyOverrides`. @default none */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** A data file or folder for the task (`--data`); see `applyDataPath`. @default the spec's own */
  readonly data?: string;
  /** Imports the modules the spec names (`loadSpecFile` only). @default Node's `import()` */
  readonly importModule?: ModuleImporter;
  /** The strategy and trials (`--search`, `--trials`); see `applySearch`. @default the spec's own */
  readonly search?: SearchOverride;
}

/**
 * Parses spec text (YAML, or JSON when `source` ends in `.json`), applies `options`, and validates it.
 * @throws {SpecError} listing every problem, including YAML syntax errors with their line and column.
 */
export function loadSpecText(text: string, source?: string, options: LoadSpecOptions = {}): SweepSpec {
  return parseRaw(readSpecText(text, source), source, options);
}

function parseRaw(input: unknown, source: string | undefined, options: LoadSpecOptions): SweepSpec {
  let raw = input;
  try {
    if (options.data !== undefined) raw = applyDataPath(raw, options.data);
    if (options.overrides) raw = applyOverrides(raw, options.overrides);
    if (options.search) raw = applySearch(raw, options.search);
  } catch (e) {
    // The overrides know nothing of the file; name it in their error too.
    if (e instanceof SpecError && source !== undefined && e.source === undefined) throw new SpecError(e.issues, source);
    throw e;
  }
  return parseSpec(raw, source);
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

async function readSpecFile(path: string): Promise<string> {
  let size: number;
  let isFile: boolean;
  try {
    const info = await stat(path);
    size = info.size;
    isFile = info.isFile();
  } catch (cause) {
    if (errnoCode(cause) !== 'ENOENT' && errnoCode(cause) !== 'ENOTDIR') throw cause;
    throw new UserError(ErrorCode.InvalidSpec, `spec file not found: ${path}`, {
      fix: 'check the path (specs are YAML or JSON files, e.g. examples/toy.yaml)',
      cause,
    });
  }
  if (!isFile) throw new UserError(ErrorCode.InvalidSpec, `not a spec file: ${path}`, { fix: 'name a YAML or JSON file, not a folder' });
  // Checked before reading, so a huge file is never loaded into memory.
  if (size > MAX_SPEC_BYTES) throw new SpecError([{ path: '', message: `the spec is ${size} bytes, over the ${MAX_SPEC_BYTES}-byte (1 MiB) limit` }], path);
  return readFile(path, 'utf8');
}

/**
 * Reads and validates the spec file at `path`, with `options` applied. The modules it names are imported first
 * (their paths made absolute against the spec's folder), so their options are checked with their own schemas.
 * @throws {UserError} (code `INVALID_SPEC`) when the file does not exist; {@link SpecError} for a bad spec.
 */
export async function loadSpecFile(path: string, options: LoadSpecOptions = {}): Promise<SweepSpec> {
  const raw = readSpecText(await readSpecFile(path), path);
  let withModules: unknown;
  try {
    withModules = await loadSpecModules(raw, dirname(path), options.importModule);
  } catch (e) {
    if (e instanceof SpecError && e.source === undefined) throw new SpecError(e.issues, path);
    throw e;
  }
  return parseRaw(withModules, path, options);
}
