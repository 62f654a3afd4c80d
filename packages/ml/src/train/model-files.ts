/**
 * Saving and loading models in the TensorFlow.js layers format (`model.json` + `weights.bin`), plus a
 * `meta.json` beside them (spec, params, backend, ...). File IO goes through custom handlers, so no backend
 * with `file://` support (tfjs-node) is needed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ErrorCode, UserError } from '@seqsweep/core';

/** The files of a saved model, by role. */
export const MODEL_FILES = { model: 'model.json', weights: 'weights.bin', meta: 'meta.json' } as const;

/** Anything JSON can carry, written as `meta.json`. */
export type ModelMeta = Record<string, unknown>;

/** A model read back with {@link loadModel}. The caller disposes `model`. */
export interface LoadedModel {
  readonly model: tf.LayersModel;
  /** The saved meta (empty if the directory has no meta.json). */
  readonly meta: ModelMeta;
}

/**
 * Writes `model` to `dir` (created if needed) as model.json, weights.bin and meta.json, and returns the names
 * of the files written.
 */
export async function saveModel(model: tf.LayersModel, dir: string, meta: ModelMeta): Promise<string[]> {
  const metaText = JSON.stringify(meta, null, 2);
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
        throw new Error('tfjs handed over a model without topology or weights');
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`./${MODEL_FILES.weights}`], weights: artifacts.weightSpecs }],
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
      };
      await writeFile(join(dir, MODEL_FILES.weights), new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)));
      await writeFile(join(dir, MODEL_FILES.model), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await writeFile(join(dir, MODEL_FILES.meta), `${metaText}\n`);
  return [MODEL_FILES.model, MODEL_FILES.weights, MODEL_FILES.meta];
}

/**
 * Reads a model saved by {@link saveModel} (or any tfjs layers model directory). A missing directory or file is
 * a UserError (`MODEL_NOT_FOUND`).
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const modelJson = JSON.parse(await readModelFile(dir, MODEL_FILES.model, 'utf8')) as tf.io.ModelJSON;
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const weights = manifest.flatMap((group) => group.weights);
    const shards = await Promise.all(manifest.flatMap((group) => group.paths).map((path) => readModelFile(dir, path)));
    return [weights, shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)];
  });
  const metaText = await readOptional(join(dir, MODEL_FILES.meta));
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model, meta: metaText === undefined ? {} : (JSON.parse(metaText) as ModelMeta) };
}

function readModelFile(dir: string, name: string): Promise<Buffer>;
function readModelFile(dir: string, name: string, encoding: 'utf8'): Promise<string>;
async function readModelFile(dir: string, name: string, encoding?: 'utf8'): Promise<Buffer | string> {
  if (isAbsolute(name) || normalize(name).startsWith('..')) {
    throw new UserError(ErrorCode.DataCorrupt, `the model in ${dir} names a weights file outside its directory: ${name}`, {
      fix: 'keep model.json, weights.bin and meta.json together in one directory, as saveModel writes them',
    });
  }
  const path = join(dir, name);
  try {
    return encoding ? await readFile(path, encoding) : await readFile(path);
  } catch (cause) {
    if (!isMissing(cause)) throw cause;
    throw new UserError(ErrorCode.ModelNotFound, `no saved model at ${dir}: ${path} does not exist`, {
      fix: 'pass the directory a sweep wrote its best model to (it holds model.json and weights.bin)',
      cause,
    });
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    if (isMissing(cause)) return undefined;
    throw cause;
  }
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
