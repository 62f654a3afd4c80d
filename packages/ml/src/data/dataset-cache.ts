/**
 * A per-process cache of loaded datasets, so that every trial of a worker reuses one copy of each dataset, and of
 * what trials derive from one (their split, the dataset scaled on its training windows). Entries are promises:
 * concurrent requests for one key share a single load.
 */
import type { SequenceDataset } from './types.js';

/** The most values {@link DatasetCache.derive} keeps per dataset: a trial's split for each of up to 8 folds. */
export const DERIVED_PER_DATASET = 8;

/** The most bytes of derived values {@link DatasetCache.derive} keeps per dataset (256 MiB). */
export const DERIVED_BYTES = 256 * 1024 * 1024;

interface Derived {
  readonly value: unknown;
  readonly bytes: number;
}

/** How a cache has been used. */
export interface DatasetCacheStats {
  /** Requests answered from the cache, including those that joined a load in flight. */
  readonly hits: number;
  /** Requests that started a load. */
  readonly loads: number;
  /** Loads that failed (their entries are removed so that a later request tries again). */
  readonly failures: number;
}

/**
 * Loaded datasets by key (see `datasetKey`). Create one per process (or per worker) and pass it to
 * `loadDataset`; it holds every dataset it loads until {@link DatasetCache.delete} or {@link DatasetCache.clear}.
 */
export class DatasetCache {
  readonly #entries = new Map<string, Promise<SequenceDataset>>();
  // Beside their dataset, so they go when it does (once no trial holds it).
  #derived = new WeakMap<SequenceDataset, Map<string, Derived>>();
  #hits = 0;
  #loads = 0;
  #failures = 0;

  /**
   * The dataset cached under `key`, or the result of `load()`, which is cached under `key` before it settles
   * so that concurrent calls share it. A failed load is not kept.
   */
  getOrLoad(key: string, load: () => Promise<SequenceDataset>): Promise<SequenceDataset> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      this.#hits++;
      return cached;
    }
    this.#loads++;
    // Through a promise so that a load that throws synchronously is also a rejection.
    const loading = Promise.resolve().then(load);
    this.#entries.set(key, loading);
    loading.catch(() => {
      this.#failures++;
      // Only remove our own entry: a later request may already have replaced it.
      if (this.#entries.get(key) === loading) this.#entries.delete(key);
    });
    return loading;
  }

  /** True when `key` is cached or loading. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Forgets `key`, so that its memory can be freed once no trial holds the dataset. */
  delete(key: string): boolean {
    return this.#entries.delete(key);
  }

  /** Forgets every dataset. */
  clear(): void {
    this.#entries.clear();
    this.#derived = new WeakMap();
  }

  /**
   * The value `make` derives from `dataset` under `key`, made on the first call and kept beside the dataset: at most
   * {@link DERIVED_PER_DATASET} values of at most {@link DERIVED_BYTES} in all per dataset (as `bytes` counts them),
   * the least recently used going first. `make` must be a pure function of the dataset and the key, and no caller
   * may change the value it gets, since every later call with that key gets the same one.
   */
  derive<T>(dataset: SequenceDataset, key: string, make: () => T, bytes: (value: T) => number = () => 0): T {
    let values = this.#derived.get(dataset);
    if (!values) this.#derived.set(dataset, (values = new Map()));
    const found = values.get(key);
    if (found) {
      // A Map iterates in insertion order: re-inserting makes it the most recently used.
      values.delete(key);
      values.set(key, found);
      return found.value as T;
    }
    const value = make();
    const size = bytes(value);
    if (size > DERIVED_BYTES) return value;
    values.set(key, { value, bytes: size });
    let total = 0;
    for (const v of values.values()) total += v.bytes;
    for (const [k, v] of values) {
      if (values.size <= DERIVED_PER_DATASET && total <= DERIVED_BYTES) break;
      values.delete(k);
      total -= v.bytes;
    }
    return value;
  }

  /** Datasets cached or loading. */
  get size(): number {
    return this.#entries.size;
  }

  get stats(): DatasetCacheStats {
    return { hits: this.#hits, loads: this.#loads, failures: this.#failures };
  }
}
