/**
 * A per-process cache of loaded datasets, so that every trial of a worker reuses one copy of each dataset.
 * Entries are promises: concurrent requests for one key share a single load.
 */
import type { SequenceDataset } from './types.js';

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
  }

  /** Datasets cached or loading. */
  get size(): number {
    return this.#entries.size;
  }

  get stats(): DatasetCacheStats {
    return { hits: this.#hits, loads: this.#loads, failures: this.#failures };
  }
}
