/**
 * What a name that came off the wire may be before it becomes a file name on disk: one path segment of a
 * conservative set of characters. Anything else (a separator of any system, `..`, a NUL byte, a drive letter, a
 * name no file system keeps) is refused, so a peer can never choose where a file is written.
 */

/** The longest plain file name accepted. */
export const MAX_FILE_NAME_LENGTH = 128;

const CHARSET = /^[A-Za-z0-9._-]+$/;

/** Why `name` is not a plain file name, or undefined when it is one. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a file name cannot be empty';
  if (name.length > MAX_FILE_NAME_LENGTH) return `a file name is at most ${MAX_FILE_NAME_LENGTH} characters`;
  if (!CHARSET.test(name)) return 'a file name is one path segment of letters, digits, ".", "_" and "-"';
  if (name === '.' || name === '..') return `"${name}" is not a file name`;
  return undefined;
}

/** True when `name` is a plain file name (see {@link fileNameProblem}). */
export function isPlainFileName(name: string): boolean {
  return fileNameProblem(name) === undefined;
}
