/**
 * Opening a data file that may be plain or gzip-compressed (told apart by its magic bytes, not its name), with
 * the failures a user can fix turned into a {@link DataError}.
 */
import { createReadStream } from 'node:fs';
import { access, open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { DataError, ErrorCode } from '@seqsweep/core';

const gunzipAsync = promisify(gunzip);

/** True when `bytes` start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR']);

/** True when `file` exists; false when it or a directory on its path does not. Other failures throw. */
export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code !== undefined && NOT_FOUND.has(e.code)) return false;
      throw e;
    },
  );
}
const UNREADABLE = new Set(['EACCES', 'EPERM', 'EISDIR']);

/**
 * Turns a failure to open `file` into a DataError when the user can fix it (missing, unreadable, a directory)
 * and returns any other error unchanged, since that is not the user's to fix.
 */
export function toDataError(error: unknown, file: string, fix: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && NOT_FOUND.has(code)) {
    return new DataError(ErrorCode.DataNotFound, `the data file ${file} does not exist`, { file, fix, cause: error });
  }
  if (code !== undefined && UNREADABLE.has(code)) {
    const why = code === 'EISDIR' ? 'is a directory, not a file' : 'cannot be read (permission denied)';
    return new DataError(ErrorCode.DataNotFound, `the data file ${file} ${why}`, { file, fix, cause: error });
  }
  return error;
}

function corruptGzip(file: string, error: unknown): DataError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(ErrorCode.DataCorrupt, `the data file ${file} is not a valid gzip stream (${reason})`, {
    file,
    fix: 'download the file again, or decompress it yourself and point seqsweep at the plain file',
    cause: error,
  });
}

/** Reads the whole of `file`, decompressed when it is gzip. `fix` is the advice given when it is missing. */
export async function readDataFile(file: string, fix: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw toDataError(e, file, fix);
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (e) {
    throw corruptGzip(file, e);
  }
}

/**
 * The decompressed bytes of `file` in chunks, so that a large .gz is never held whole in memory. A gzip stream
 * that is truncated or damaged fails the iteration with a DataCorrupt error naming the file.
 */
export async function* readDataChunks(file: string, fix: string): AsyncGenerator<Buffer> {
  const head = Buffer.alloc(2);
  try {
    const handle = await open(file, 'r');
    try {
      await handle.read(head, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw toDataError(e, file, fix);
  }
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (!isGzip(head)) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  const unzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => unzip.destroy(e));
  try {
    yield* raw.pipe(unzip) as AsyncIterable<Buffer>;
  } catch (e) {
    throw isZlibError(e) ? corruptGzip(file, e) : e;
  } finally {
    raw.destroy();
  }
}

function isZlibError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
