/**
 * Bounds on every object read from a transport's object store (data files, the final model): a size past which it
 * is refused before or while it is read, and a deadline for the whole read. An object named in a message can be
 * made by anyone who may write to the store, so neither its size nor its chunks can be trusted.
 */

/** The largest object read, in bytes, unless a transport or a call says otherwise: 256 MiB. */
export const DEFAULT_MAX_OBJECT_BYTES = 256 * 1024 * 1024;

/** How long reading one object may take, unless a transport or a call says otherwise: 120 s. */
export const DEFAULT_OBJECT_TIMEOUT_MS = 120_000;

/** Bounds on reading one object. */
export interface ObjectReadLimits {
  /**
   * Refuse an object larger than this many bytes.
   * @default DEFAULT_MAX_OBJECT_BYTES (256 MiB)
   */
  readonly maxBytes?: number;
  /**
   * Refuse an object whose read has not finished within this many milliseconds (missing chunks never arrive).
   * @default DEFAULT_OBJECT_TIMEOUT_MS (120000)
   */
  readonly timeoutMs?: number;
}

/**
 * The object stores of a prefix: `data` holds the data files the coordinator uploads (workers only read it),
 * `models` the final models workers store (the coordinator copies them into best/).
 */
export type ObjectStoreName = 'data' | 'models';

/** Which object store an object lives in. */
export interface ObjectStoreChoice {
  /** @default 'data' */
  readonly store?: ObjectStoreName;
}

/** {@link ObjectReadLimits} with every default filled in. */
export type ResolvedObjectLimits = Required<ObjectReadLimits>;

/** Fills in the defaults: a call's own limits first, then the transport's, then the built-in ones. */
export function resolveObjectLimits(call?: ObjectReadLimits, transport?: ObjectReadLimits): ResolvedObjectLimits {
  return {
    maxBytes: call?.maxBytes ?? transport?.maxBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    timeoutMs: call?.timeoutMs ?? transport?.timeoutMs ?? DEFAULT_OBJECT_TIMEOUT_MS,
  };
}

/** Says a size in MiB (or bytes when small), for the one sentence of a refusal. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}
