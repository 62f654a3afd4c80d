/**
 * Opening a file that a spec names by path, as a data file: only a regular file, opened without blocking (a FIFO
 * with no writer would hold `open` forever, and a process stuck there cannot even exit), checked with fstat on the
 * descriptor that is then read (no gap for a swap between check and read), and refused over a size limit before a
 * byte of it is read (`/dev/zero` or a file of terabytes never reaches memory).
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DataError, ErrorCode } from '../errors.js';

/**
 * The largest data file read, in bytes, on disk and again after decompression: 1 GiB. The Kaggle S&P 500 file is
 * 29 MB (10 MB gzipped) and MNIST's training images 47 MB.
 */
export const DATA_FILE_MAX_BYTES = 2 ** 30;

/** Names in a data folder (MNIST's) that are read: the training images and labels, plain or gzipped. */
export const MNIST_DATA_FILE = /^train-(images|labels)[.-]idx[13]-ubyte(\.gz)?$/;

/** How a data file is opened. */
export interface DataFileOptions {
  /** What to do about a file that cannot be read, for the error. @default point the task at a regular file */
  readonly fix?: string;
  /** The largest size accepted, in bytes. @default {@link DATA_FILE_MAX_BYTES} */
  readonly maxBytes?: number;
  /** What the file is called in errors. @default 'data file' */
  readonly noun?: string;
}

const DEFAULT_FIX = 'point the task (or --data) at a regular file';
const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR']);
const UNREADABLE = new Set(['EACCES', 'EPERM']);

/** What a file that is not a regular file is, in words. */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/** `n` bytes in the unit a person reads best: 1 GiB, 3.5 MiB, 12 bytes. */
export function byteText(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** The error of a data file over `maxBytes` (on disk, or once decompressed). */
export function tooLarge(file: string, maxBytes: number, what = 'is', noun = 'data file'): DataError {
  return new DataError(ErrorCode.DataCorrupt, `the ${noun} ${file} ${what} over the ${byteText(maxBytes)} limit of a ${noun}`, {
    file,
    fix: 'use a smaller file (a subset of its rows), or split the data',
  });
}

/** Turns a failure to open `file` into a DataError when the user can fix it; returns any other error unchanged. */
export function openError(error: unknown, file: string, fix: string, noun = 'data file'): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && NOT_FOUND.has(code)) {
    return new DataError(ErrorCode.DataNotFound, `the ${noun} ${file} does not exist`, { file, fix, cause: error });
  }
  if (code !== undefined && UNREADABLE.has(code)) {
    return new DataError(ErrorCode.DataNotFound, `the ${noun} ${file} cannot be read (permission denied)`, { file, fix, cause: error });
  }
  if (code === 'EISDIR') return new DataError(ErrorCode.DataNotFound, `the ${noun} ${file} is a folder, not a regular file`, { file, fix, cause: error });
  return error;
}

/**
 * Opens `file` for reading when it is a regular file of at most `maxBytes`, and returns the open handle with its
 * size. The caller closes the handle.
 * @throws {DataError} naming the file: missing, unreadable, not a regular file (a FIFO, device, socket or folder),
 * or too large.
 */
export async function openRegularFile(file: string, options: DataFileOptions = {}): Promise<{ handle: FileHandle; size: number }> {
  const fix = options.fix ?? DEFAULT_FIX;
  const maxBytes = options.maxBytes ?? DATA_FILE_MAX_BYTES;
  const noun = options.noun ?? 'data file';
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw openError(e, file, fix, noun);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new DataError(ErrorCode.DataNotFound, `the ${noun} ${file} is ${fileKind(stats)}, not a regular file`, { file, fix });
    }
    if (stats.size > maxBytes) throw tooLarge(file, maxBytes, 'is', noun);
    return { handle, size: stats.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * The bytes of the regular file `file` (see {@link openRegularFile}). It reads at most `maxBytes`, whatever its
 * size said: a file that grows while it is read, or one whose size fstat does not know (under /proc), is refused
 * once it passes the limit.
 */
export async function readRegularFile(file: string, options: DataFileOptions = {}): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? DATA_FILE_MAX_BYTES;
  const { handle, size } = await openRegularFile(file, options);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const room = Math.min(Math.max(size - total, 1 << 16), maxBytes + 1 - total);
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(room), 0, room, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, maxBytes, 'is', options.noun);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
