/** Reading a run directory's results.json back, with errors a user can act on. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseResultsFile, readRegularFile, type ResultsFile } from '@seqsweep/core';
import { RunDirError } from './errors.js';

const isMissing = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes(String((e as { code?: unknown } | null)?.code));

/**
 * Reads `<dir>/results.json`. A missing directory, a directory without results.json, and a file that is not the
 * results of a sweep are {@link RunDirError}s (user errors), each with its fix.
 */
export async function readResultsFile(dir: string): Promise<ResultsFile> {
  const info = await stat(dir).catch((e: unknown) => {
    if (isMissing(e)) throw new RunDirError('missing', dir, { cause: e });
    throw e;
  });
  if (!info.isDirectory()) throw new RunDirError('not-a-directory', dir);
  const path = join(dir, 'results.json');
  // A regular file only, opened without blocking: a FIFO left there as results.json is refused, not waited on.
  const bytes = await readRegularFile(path, { noun: 'results file', fix: `remove ${path}; it is not what a sweep writes` }).catch((e: unknown) => {
    if (isMissing((e as { cause?: unknown } | null)?.cause)) throw new RunDirError('no-results', dir, { cause: e });
    throw e;
  });
  const text = bytes.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new RunDirError('corrupt', dir, { cause, detail: 'it is not valid JSON' });
  }
  // The schema the coordinator writes by; the stored spec is complete, so it parses again to itself.
  const checked = parseResultsFile(raw);
  if (!checked.ok) throw new RunDirError('corrupt', dir, { detail: checked.problem });
  return checked.file;
}
