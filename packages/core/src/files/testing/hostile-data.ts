/**
 * Data paths a hostile or careless spec can name, made in a folder for a test: each must be refused in one
 * sentence, without blocking, without reading it whole, and without quoting what it holds.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_FILE_MAX_BYTES } from '../read-regular-file.js';

/** A line no error, log or result may ever show: the first line of a shadow-like file. */
export const SECRET_LINE = 'root:$6$hostileSECRETsalt$K3Y:19000:0:99999:7:::';

/** One hostile data path, what it is, and the words the refusal must use. */
export interface HostileDataPath {
  readonly what: string;
  readonly path: string;
  /** What the refusal says of it. */
  readonly says: RegExp;
}

/**
 * Makes in `dir`: a FIFO with no writer, a folder, a sparse file one byte over the data file limit (instant, no
 * disk used), and names `/dev/zero`. The FIFO needs `mkfifo` (coreutils).
 */
export async function hostileDataPaths(dir: string): Promise<HostileDataPath[]> {
  const fifo = join(dir, 'prices.csv');
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, 'folder.csv');
  await mkdir(folder);
  const huge = join(dir, 'huge.csv');
  const handle = await open(huge, 'w');
  await handle.truncate(DATA_FILE_MAX_BYTES + 1);
  await handle.close();
  return [
    { what: 'a FIFO', path: fifo, says: /is a FIFO \(named pipe\), not a regular file/ },
    { what: '/dev/zero', path: '/dev/zero', says: /is a character device, not a regular file/ },
    { what: 'a folder', path: folder, says: /is a folder, not a regular file/ },
    { what: 'a file over the size limit', path: huge, says: /is over the 1 GiB limit of a data file/ },
  ];
}

/** Writes a shadow-like file (not CSV, no comma) whose first line is {@link SECRET_LINE}; returns its path. */
export async function secretFile(dir: string, name = 'shadow'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${SECRET_LINE}\ndaemon:*:19000:0:99999:7:::\n`);
  return file;
}
