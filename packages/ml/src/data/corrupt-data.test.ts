/**
 * Data files cut short or damaged: every truncation of an IDX file names the file and the byte offset, and a CSV
 * cut mid-row or holding garbage names the file and the line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, ErrorCode } from '@seqsweep/core';
import { createRng } from '@seqsweep/core';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdxImages, parseIdxLabels } from './idx.js';
import { readPriceTable } from './price-table.js';

function refusal(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

function idx(magic: number, dims: number[], body: number): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + body);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return bytes;
}

describe('IDX files', () => {
  const imagesFile = '/data/train-images-idx3-ubyte';
  const labelsFile = '/data/train-labels-idx1-ubyte';

  it('names the byte offset of every truncation of an images file, in its header or its pixels', () => {
    const images = idx(IDX_IMAGES_MAGIC, [3, 2, 2], 12);
    expect(parseIdxImages(images, imagesFile).count).toBe(3);
    for (let n = 0; n < images.length; n++) {
      const e = refusal(() => parseIdxImages(images.subarray(0, n), imagesFile));
      expect(e.code).toBe(ErrorCode.DataCorrupt);
      expect(e.file).toBe(imagesFile);
      expect(e.message).toContain(`${imagesFile} is not a valid IDX file: it is truncated at byte offset ${n}`);
      expect(e.message).toMatch(n < 16 ? /inside its 16-byte header/ : /3 images of 2x2 need 28 bytes/);
    }
  });

  it('names the byte offset of every truncation of a labels file', () => {
    const labels = idx(IDX_LABELS_MAGIC, [5], 5);
    expect(parseIdxLabels(labels, labelsFile, 10)).toHaveLength(5);
    for (let n = 0; n < labels.length; n++) {
      const e = refusal(() => parseIdxLabels(labels.subarray(0, n), labelsFile, 10));
      expect(e.message).toContain(`${labelsFile} is not a valid IDX file: it is truncated at byte offset ${n}`);
    }
  });

  it('names where trailing bytes start, an impossible image size, and a count the file cannot hold', () => {
    const extra = new Uint8Array([...idx(IDX_LABELS_MAGIC, [2], 2), 7, 7]);
    expect(refusal(() => parseIdxLabels(extra, labelsFile, 10)).message).toContain('it has 2 unexpected bytes from byte offset 10, after 2 labels');
    expect(refusal(() => parseIdxImages(idx(IDX_IMAGES_MAGIC, [1, 0, 28], 0), imagesFile)).message).toContain('at byte offset 8 the image size is 0x28');
    // A header claiming four billion images is refused by its length, never allocated.
    expect(refusal(() => parseIdxImages(idx(IDX_IMAGES_MAGIC, [0xffffffff, 28, 28], 784), imagesFile)).message).toMatch(/truncated at byte offset 800: 4294967295 images/);
  });
});

describe('price CSV files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seqsweep-corrupt-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const rows = ['date,open,high,low,close,volume,Name', ...Array.from({ length: 8 }, (_, i) => `2020-01-0${i + 1},1.5,2.5,1.0,2.0,1000,AAA`)];
  const csv = `${rows.join('\n')}\n`;

  async function file(name: string, text: string | Uint8Array): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('names the line of every cut inside a row that leaves it short of fields', async () => {
    let named = 0;
    for (let cut = rows[0]!.length + 1; cut < csv.length - 1; cut++) {
      const line = csv.slice(0, cut).split('\n').length;
      const kept = csv.slice(0, cut).split('\n').at(-1)!;
      const path = await file(`cut-${cut}.csv`, csv.slice(0, cut));
      if (kept.split(',').length === 7 || kept === '') {
        // Cut at a line end, or inside the last field: a shorter file that reads without error.
        await expect(readPriceTable(path, 'high')).resolves.toMatchObject({ series: expect.any(Array) });
        continue;
      }
      const e = await readPriceTable(path, 'high').then(() => undefined, (err: unknown) => err);
      expect(e, `cut at ${cut}`).toBeInstanceOf(DataError);
      expect((e as DataError).message).toBe(`${path} line ${line}: expected 7 comma-separated fields as in the header, found ${kept.split(',').length}`);
      named++;
    }
    expect(named).toBeGreaterThan(100);
  });

  it('names the line that binary garbage replaced, and counts damaged values as dropped rows with their lines', async () => {
    const rng = createRng(5, 'garbage');
    const garbage = Buffer.from(Array.from({ length: 60 }, () => 0x20 + rng.int(0x5e)).filter((b) => b !== 0x2c));
    const damaged = Buffer.concat([Buffer.from(`${rows.slice(0, 4).join('\n')}\n`), garbage, Buffer.from(`\n${rows.slice(5).join('\n')}\n`)]);
    const path = await file('garbage.csv', damaged);
    await expect(readPriceTable(path, 'high')).rejects.toThrow(`${path} line 5: expected 7 comma-separated fields as in the header, found 1`);
    const nul = await file('nul.csv', `${rows.slice(0, 3).join('\n')}\n2020-01-03,1,\u0000\u0000,1,1,1,AAA\n${rows.slice(4).join('\n')}\n`);
    const table = await readPriceTable(nul, 'high');
    expect(table.droppedBy.value).toBe(1);
    expect(table.firstDroppedLines).toEqual([4]);
  });

  it('names line 1 of an empty file', async () => {
    const path = await file('empty.csv', '');
    await expect(readPriceTable(path, 'high')).rejects.toThrow(`${path} line 1: the file is empty; expected a header line`);
  });
});
