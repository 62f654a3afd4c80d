import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { ErrorCode, UserError } from '../errors.js';
import { fileNameProblem } from './plain-file-name.js';

/** A write refused because its name would leave its folder or follow a link. */
export class UnsafePathError extends UserError {
  override name = 'UnsafePathError';
  readonly dir: string;
  readonly file: string;
  constructor(dir: string, file: string, why: string, options: { cause?: unknown; fix?: string } = {}) {
    super(ErrorCode.UnsafePath, `refused to write ${JSON.stringify(file)} in ${dir}: ${why}`, {
      fix: 'the name came from another process over the transport; check who may publish there (docs/security.md)',
      ...options,
    });
    this.dir = dir;
    this.file = file;
  }
}

/**
 * The path of the plain file `name` directly inside `dir`, checked as a plain file name and again after
 * `path.resolve`.
 * @throws {UnsafePathError} when it is not one, or would resolve anywhere else.
 */
export function pathInside(dir: string, name: string): string {
  const root = resolve(dir);
  const problem = fileNameProblem(name);
  if (problem) throw new UnsafePathError(root, name, problem);
  const target = resolve(root, name);
  if (dirname(target) !== root) throw new UnsafePathError(root, name, 'it resolves outside the folder');
  return target;
}

/**
 * Writes `data` to the plain file `name` inside `dir`, and nowhere else. The name is checked as a plain file name,
 * and again after `path.resolve`; the bytes go to a fresh temporary file opened with `O_NOFOLLOW | O_EXCL` (so no
 * link planted in the folder is followed) and are renamed over `name`, which replaces a link there rather than
 * writing through it. Readers never see a half-written file.
 * @param options.mode the new file's permissions (less the umask). @default 0o644
 * @returns the path written.
 * @throws {UnsafePathError} when `name` is not a plain file name or would resolve outside `dir`.
 */
export async function writeFileInside(dir: string, name: string, data: Uint8Array | string, options: { mode?: number } = {}): Promise<string> {
  const target = pathInside(dir, name);
  const root = dirname(target);
  const temp = join(root, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode ?? 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP' || (e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UnsafePathError(root, name, 'a file or link is in the way of its temporary copy', { cause: e });
    }
    throw e;
  }
  try {
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return target;
}

/**
 * Makes the folder `name` directly inside `dir`, or checks the one already there: it must be a real folder (not a
 * link, which every later write would follow) that this user owns. With this for each folder and
 * {@link writeFileInside} for each file, nothing placed beforehand in an output folder can redirect a write.
 * @returns the folder's path.
 * @throws {UnsafePathError} when `name` is not a plain file name, or is a link, not a folder, or another user's.
 */
export async function dirInside(dir: string, name: string): Promise<string> {
  const target = pathInside(dir, name);
  await mkdir(target, { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  const stats = await lstat(target);
  const uid = process.getuid?.();
  const why = stats.isSymbolicLink() ? 'it is a link, and outputs never follow one'
    : !stats.isDirectory() ? 'it is not a folder'
      : uid !== undefined && stats.uid !== uid ? 'it belongs to another user' : undefined;
  if (why !== undefined) {
    throw new UnsafePathError(dirname(target), name, why, { fix: `remove ${target}, or choose another --out folder` });
  }
  return target;
}
