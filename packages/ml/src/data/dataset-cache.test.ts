import { describe, expect, it } from 'vitest';
import { TaskOptions } from '@seqsweep/core';
import { DERIVED_BYTES, DERIVED_PER_DATASET, DatasetCache } from './dataset-cache.js';
import { datasetKey, loadDataset } from './load-dataset.js';
import { loadNoop } from './noop.js';
import type { SequenceDataset } from './types.js';

const toy = TaskOptions.parse({ name: 'toy', samples: 200, length: 20 });

describe('DatasetCache', () => {
  it('loads each key once and hands every later request the same dataset', async () => {
    const cache = new DatasetCache();
    let loads = 0;
    const load = (): Promise<SequenceDataset> => {
      loads++;
      return Promise.resolve(loadNoop());
    };
    const a = await cache.getOrLoad('k', load);
    const b = await cache.getOrLoad('k', load);
    const c = await cache.getOrLoad('other', load);
    expect(loads).toBe(2);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(cache.stats).toEqual({ hits: 1, loads: 2, failures: 0 });
    expect(cache.size).toBe(2);
  });

  it('lets concurrent requests share one load in flight', async () => {
    const cache = new DatasetCache();
    let loads = 0;
    let release!: (ds: SequenceDataset) => void;
    const pending = new Promise<SequenceDataset>((resolve) => (release = resolve));
    const requests = [1, 2, 3].map(() =>
      cache.getOrLoad('k', () => {
        loads++;
        return pending;
      }),
    );
    release(loadNoop());
    const [a, b, c] = await Promise.all(requests);
    expect(loads).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(cache.stats.hits).toBe(2);
  });

  it('forgets a failed load so that the next request tries again', async () => {
    const cache = new DatasetCache();
    await expect(cache.getOrLoad('k', () => Promise.reject(new Error('disk on fire')))).rejects.toThrow('disk on fire');
    await expect(cache.getOrLoad('k', () => { throw new Error('sync failure'); })).rejects.toThrow('sync failure');
    expect(cache.has('k')).toBe(false);
    const ds = await cache.getOrLoad('k', () => Promise.resolve(loadNoop()));
    expect(ds.task).toBe('noop');
    expect(cache.stats).toEqual({ hits: 0, loads: 3, failures: 2 });
  });
});

describe('loadDataset with a cache', () => {
  it('loads the same options and seed once, concurrently or not', async () => {
    const cache = new DatasetCache();
    const [a, b] = await Promise.all([loadDataset(toy, { seed: 1, cache }), loadDataset(toy, { seed: 1, cache })]);
    const c = await loadDataset(TaskOptions.parse({ samples: 200, length: 20, name: 'toy' }), { seed: 1, cache });
    const d = await loadDataset(toy, { seed: 2, cache });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(d).not.toBe(a);
    expect(cache.stats).toEqual({ hits: 2, loads: 2, failures: 0 });
  });

  it('keys seed-free datasets without the seed, so one load serves every seed', async () => {
    const sp500 = TaskOptions.parse({ name: 'sp500' });
    expect(datasetKey(sp500, { seed: 1 })).toBe(datasetKey(sp500, { seed: 2 }));
    expect(datasetKey(toy, { seed: 1 })).not.toBe(datasetKey(toy, { seed: 2 }));
    const mnist = TaskOptions.parse({ name: 'mnist', limit: 100 });
    expect(datasetKey(mnist, { seed: 1 })).not.toBe(datasetKey(mnist, { seed: 2 }));
    const cache = new DatasetCache();
    const a = await loadDataset(sp500, { seed: 1, cache });
    const b = await loadDataset(sp500, { seed: 2, cache });
    expect(b).toBe(a);
    expect(cache.stats.loads).toBe(1);
  });

  it('keys a task module\'s dataset by its digest too: changed code under the same path loads again', () => {
    const task = TaskOptions.parse({ name: 'module', module: '/m/task.mjs', size: 3 });
    expect(datasetKey(task, { moduleDigest: 'a'.repeat(64) })).not.toBe(datasetKey(task, { moduleDigest: 'b'.repeat(64) }));
    expect(datasetKey(task, { moduleDigest: 'a'.repeat(64) })).toBe(datasetKey(task, { moduleDigest: 'a'.repeat(64) }));
  });

  it('derives a value from a dataset once per key and keeps the most recently used within its limits', () => {
    const cache = new DatasetCache();
    const dataset = loadNoop();
    let made = 0;
    const derive = (key: string, bytes = 0) => cache.derive(dataset, key, () => ({ key, n: ++made }), () => bytes);
    const first = derive('a');
    expect(derive('a')).toBe(first);
    expect(made).toBe(1);
    for (let i = 0; i < DERIVED_PER_DATASET; i++) derive(`k${i}`);
    // 'a' was the least recently used: the ninth key pushed it out.
    expect(derive('a')).not.toBe(first);
    expect(cache.derive(loadNoop(), 'a', () => ({ key: 'a', n: -1 })).n).toBe(-1);
    const big = derive('big', DERIVED_BYTES / 2 + 1);
    const other = derive('other', DERIVED_BYTES / 2 + 1);
    expect(derive('other')).toBe(other);
    expect(derive('big')).not.toBe(big);
    cache.clear();
    expect(derive('other')).not.toBe(other);
  });
});
