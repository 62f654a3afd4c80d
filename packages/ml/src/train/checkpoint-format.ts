/**
 * A training checkpoint and its bytes. A checkpoint holds everything a run needs to go on as if it had never
 * stopped: every weight of the model, the optimizer's state, the epochs done with their history, the shuffle's
 * generator and the order it shuffles in place, and the state of early stopping and of the divergence guard; and
 * what it fits (model, seed, train options, data) so that it is never continued by another run.
 *
 * Layout (version 1), little-endian:
 *
 * ```
 * "SQSWCKPT"                 8 bytes of magic
 * version                    uint32 (1)
 * header length              uint32
 * header                     UTF-8 JSON: fit, epoch, history, rng, early, guard, and the names and shapes of the arrays
 * padding                    zero bytes up to a multiple of 4
 * order                      int32 x the number of training samples
 * weights                    float32 arrays, in model.getWeights() order
 * optimizer slots            float32 arrays, in optimizer.getWeights() order (its iteration count is in the header)
 * ```
 *
 * Decoding checks the magic, the version, the header against its schema and the length to the byte; anything else
 * is a {@link CheckpointError}.
 */
import { z } from 'zod';
import { EpochMetrics, type RngState } from '@seqsweep/core';
import { CheckpointError } from '../errors.js';

/** The format version {@link encodeCheckpoint} writes and {@link decodeCheckpoint} reads. */
export const CHECKPOINT_VERSION = 1;
const MAGIC = new TextEncoder().encode('SQSWCKPT');
const PREAMBLE = MAGIC.length + 8;
/** The largest header read: a history of 100,000 epochs of a dozen metrics fits well inside it. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A float32 array of a weight or an optimizer slot. */
export interface SavedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

const finite = z.number().finite();
const count = z.number().int().min(0).max(2 ** 31 - 1);
const int32 = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const TensorSpec = z.strictObject({ name: z.string().max(512), shape: z.array(count).max(8) });

/** What a checkpoint fits: a run continues only from a checkpoint whose fit equals its own. */
const CheckpointFit = z.strictObject({
  /** The model's parsed options. */
  model: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  /** The train options that shape the training (not `epochs` or `progressIntervalMs`). */
  train: z.record(z.string(), z.unknown()),
  /** The dataset's shape and the SHA-256 of the training and validation indices. */
  data: z.strictObject({ task: z.string(), size: count, steps: count, features: count, numClasses: count.nullable(), train: z.string(), val: z.string() }),
});
export type CheckpointFit = z.infer<typeof CheckpointFit>;

const Header = z.strictObject({
  fit: CheckpointFit,
  epoch: count,
  history: z.array(EpochMetrics),
  rng: z.strictObject({ words: z.tuple([int32, int32, int32, int32]), spare: finite.nullable() }),
  early: z.strictObject({ best: finite.nullable(), since: count, stopped: z.boolean() }),
  guard: z.strictObject({ reference: finite.nullable() }),
  orderLength: count,
  weights: z.array(TensorSpec),
  optimizer: z.strictObject({
    /** tfjs's class name: Adam, SGD or Momentum. */
    kind: z.string().max(64),
    iterations: count,
    /** Adam's running powers of beta1 and beta2 (float32 values), which tfjs would otherwise recompute with pow. */
    accBeta1: finite.optional(),
    accBeta2: finite.optional(),
    slots: z.array(TensorSpec),
  }),
});
type Header = z.infer<typeof Header>;

/** A run's state after its last epoch, decoded. */
export interface TrainCheckpoint {
  readonly version: typeof CHECKPOINT_VERSION;
  readonly fit: CheckpointFit;
  /** Epochs done, from the first: the length of `history`. */
  readonly epoch: number;
  readonly history: Header['history'];
  readonly rng: RngState;
  /** The training indices in the order the last epoch left them (each epoch shuffles this order again). */
  readonly order: Int32Array;
  readonly early: Header['early'];
  readonly guard: Header['guard'];
  readonly weights: readonly SavedTensor[];
  readonly optimizer: Omit<Header['optimizer'], 'slots'> & { readonly slots: readonly SavedTensor[] };
}

const corrupt = (why: string): CheckpointError => new CheckpointError(`the training checkpoint is not readable: ${why}`, {
  fix: 'train the rung again from its previous checkpoint (or from the start)',
});

const elements = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** The bytes of `checkpoint`, in the layout of format version {@link CHECKPOINT_VERSION}. */
export function encodeCheckpoint(checkpoint: TrainCheckpoint): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('training checkpoints are written on little-endian machines only');
  const spec = (t: SavedTensor) => {
    if (t.values.length !== elements(t.shape)) throw new Error(`checkpoint array ${t.name} has ${t.values.length} values for shape [${t.shape.join(', ')}]`);
    return { name: t.name, shape: [...t.shape] };
  };
  const { slots, ...optimizer } = checkpoint.optimizer;
  const header: Header = {
    fit: checkpoint.fit, epoch: checkpoint.epoch, history: checkpoint.history, rng: { words: [...checkpoint.rng.words], spare: checkpoint.rng.spare },
    early: checkpoint.early, guard: checkpoint.guard, orderLength: checkpoint.order.length,
    weights: checkpoint.weights.map(spec), optimizer: { ...optimizer, slots: slots.map(spec) },
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(PREAMBLE + json.length);
  const arrays: ArrayBufferView[] = [checkpoint.order, ...checkpoint.weights.map((w) => w.values), ...slots.map((s) => s.values)];
  const total = arrays.reduce((n, a) => n + a.byteLength, dataStart);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(MAGIC.length, CHECKPOINT_VERSION, true);
  view.setUint32(MAGIC.length + 4, json.length, true);
  out.set(json, PREAMBLE);
  let at = dataStart;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

/** The checkpoint in `bytes`; a {@link CheckpointError} for bytes that are not a checkpoint of this version. */
export function decodeCheckpoint(bytes: Uint8Array): TrainCheckpoint {
  if (!LITTLE_ENDIAN) throw new Error('training checkpoints are read on little-endian machines only');
  if (bytes.length < PREAMBLE || MAGIC.some((b, i) => bytes[i] !== b)) throw corrupt('it does not start with the checkpoint magic "SQSWCKPT"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(MAGIC.length, true);
  if (version !== CHECKPOINT_VERSION) throw corrupt(`it is format version ${version}, and this seqsweep reads version ${CHECKPOINT_VERSION}`);
  const headerLength = view.getUint32(MAGIC.length + 4, true);
  if (headerLength > MAX_HEADER_BYTES || PREAMBLE + headerLength > bytes.length) throw corrupt(`its header of ${headerLength} bytes runs past its ${bytes.length} bytes`);
  const header = parseHeader(bytes.subarray(PREAMBLE, PREAMBLE + headerLength));
  const specs = [...header.weights, ...header.optimizer.slots];
  const expected = specs.reduce((n, s) => n + 4 * elements(s.shape), align4(PREAMBLE + headerLength) + 4 * header.orderLength);
  if (bytes.length !== expected) throw corrupt(`it is ${bytes.length} bytes long, and its header describes ${expected}`);
  if (header.history.length !== header.epoch) throw corrupt(`it says ${header.epoch} epochs and holds a history of ${header.history.length}`);
  let at = align4(PREAMBLE + headerLength);
  const take = <T>(length: number, make: (buffer: ArrayBuffer) => T): T => {
    // A copy: the arrays must not alias the caller's bytes, and typed arrays need aligned offsets.
    const copy = bytes.slice(at, at + 4 * length);
    at += 4 * length;
    return make(copy.buffer);
  };
  const order = take(header.orderLength, (b) => new Int32Array(b));
  const tensor = (s: z.infer<typeof TensorSpec>): SavedTensor => ({ name: s.name, shape: s.shape, values: take(elements(s.shape), (b) => new Float32Array(b)) });
  const weights = header.weights.map(tensor);
  const slots = header.optimizer.slots.map(tensor);
  const { fit, epoch, history, rng, early, guard } = header;
  return { version: CHECKPOINT_VERSION, fit, epoch, history, rng, order, early, guard, weights, optimizer: { ...header.optimizer, slots } };
}

function parseHeader(json: Uint8Array): Header {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (cause) {
    throw corrupt(`its header is not JSON (${(cause as Error).message})`);
  }
  const parsed = Header.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw corrupt(`its header has ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
