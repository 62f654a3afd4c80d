/**
 * Opening a data file that may be plain or gzip-compressed (told apart by its magic bytes, not its name), with
 * the failures a user can fix turned into a {@link DataError}.
 */
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { DATA_FILE_MAX_BYTES, DataError, ErrorCode, readRegularFile, openRegularFile, tooLarge } from '@seqsweep/core';

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

function corruptGzip(file: string, error: unknown): DataError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(ErrorCode.DataCorrupt, `the data file ${file} is not a valid gzip stream (${reason})`, {
    file,
    fix: 'download the file again, or decompress it yourself and point seqsweep at the plain file',
    cause: error,
  });
}

/**
 * Reads the whole of `file`, decompressed when it is gzip. Only a regular file is read, opened without blocking,
 * and at most `maxBytes` of it, on disk and again decompressed (see core's `openRegularFile`). `fix` is the advice
 * given when it is missing.
 */
export async function readDataFile(file: string, fix: string, maxBytes = DATA_FILE_MAX_BYTES): Promise<Buffer> {
  const bytes = await readRegularFile(file, { fix, maxBytes });
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(file, maxBytes, 'is, decompressed,');
    throw corruptGzip(file, e);
  }
}

/**
 * The decompressed bytes of `file` in chunks, so that a large .gz is never held whole in memory. Only a regular
 * file is read, opened without blocking, and refused once it passes `maxBytes` on disk or decompressed. A gzip
 * stream that is truncated or damaged fails the iteration with a DataCorrupt error naming the file.
 */
export async function* readDataChunks(file: string, fix: string, maxBytes = DATA_FILE_MAX_BYTES): AsyncGenerator<Buffer> {
  const { handle } = await openRegularFile(file, { fix, maxBytes });
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } catch (e) {
    await handle.close();
    throw e;
  }
  // The stream owns the handle from here: it closes it when it ends or is destroyed.
  const raw = handle.createReadStream({ start: 0, highWaterMark: 1 << 20 });
  try {
    if (!isGzip(head)) {
      yield* capped(raw, file, maxBytes, 'is');
      return;
    }
    const unzip = createGunzip({ chunkSize: 1 << 20 });
    raw.on('error', (e) => unzip.destroy(e));
    try {
      yield* capped(raw.pipe(unzip), file, maxBytes, 'is, decompressed,');
    } catch (e) {
      throw isZlibError(e) ? corruptGzip(file, e) : e;
    }
  } finally {
    raw.destroy();
  }
}

/** `chunks`, failing once more than `maxBytes` have passed (a file that grew, or a gzip bomb). */
async function* capped(chunks: AsyncIterable<Buffer> | NodeJS.ReadableStream, file: string, maxBytes: number, what: string): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(file, maxBytes, what);
    yield chunk;
  }
}

function isZlibError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
