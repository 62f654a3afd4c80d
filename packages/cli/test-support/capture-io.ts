/** A CommandIo for cli tests that keeps what a command prints: `lines` (stdout) and `errors` (stderr). */
import type { CommandIo } from '../src/io.js';

export function captureIo(cwd: string = process.cwd()): CommandIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), env: {}, cwd, isTTY: false, onStop: () => undefined };
}
