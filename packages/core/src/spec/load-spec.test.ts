import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SpecError, UserError } from '../errors.js';
import { loadSpecFile, loadSpecText } from './load-spec.js';

const YAML_SPEC = `
name: toy-study
seed: 7
task: { name: toy, samples: 512, length: 30 }
model: { name: lstm-ae, hiddenSize: 16 }
train: { epochs: 9, learningRate: 0.01 }
grid:
  learningRate: [0.1, 0.01, 0.001]
  hiddenSize: [8, 16, 32]
stages:
  filter: { keepFraction: 0.25 }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqsweep-spec-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSpecText', () => {
  it('parses YAML and fills the defaults', () => {
    const spec = loadSpecText(YAML_SPEC, 'toy.yaml');
    expect(spec.seed).toBe(7);
    expect(spec.grid.learningRate).toEqual([0.1, 0.01, 0.001]);
    expect(spec.stages.filter).toEqual({ folds: 3, epochs: 3, keepFraction: 0.25 });
  });

  it('applies overrides and names the source in their errors', () => {
    const spec = loadSpecText(YAML_SPEC, 'toy.yaml', { overrides: { hiddenSize: 64, gradientClip: [1, 5] } });
    expect(spec.model.hiddenSize).toBe(64);
    expect(spec.grid).toEqual({ learningRate: [0.1, 0.01, 0.001], gradientClip: [1, 5] });
    expect(() => loadSpecText(YAML_SPEC, 'toy.yaml', { overrides: { hiden: 3 } })).toThrow(/in toy\.yaml has 1 problem/);
  });

  it('reports spec problems with paths after YAML parsing', () => {
    const err = (() => {
      try {
        loadSpecText('name: x\ntask: { name: toy }\nmodel: { name: lstm-ae }\ngrid: { learningRate: [0.1, 0] }\n', 'x.yaml');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).issues).toEqual([{ path: 'grid.learningRate[1]', message: 'expected a positive number' }]);
    expect((err as SpecError).source).toBe('x.yaml');
  });
});

describe('loadSpecFile', () => {
  it('reads YAML and JSON files', async () => {
    await writeFile(join(dir, 'toy.yaml'), YAML_SPEC);
    await writeFile(join(dir, 'toy.json'), JSON.stringify({ name: 'j', task: { name: 'noop' }, model: { name: 'lstm-ae' } }));
    expect((await loadSpecFile(join(dir, 'toy.yaml'))).name).toBe('toy-study');
    expect((await loadSpecFile(join(dir, 'toy.json'))).task).toEqual({ name: 'noop', sleepMs: 0, fail: false });
  });

  it('applies --data to the task', async () => {
    await writeFile(join(dir, 'sp.yaml'), 'name: sp\ntask: { name: sp500 }\nmodel: { name: lstm-ae-predictor }\n');
    const spec = await loadSpecFile(join(dir, 'sp.yaml'), { data: '/data/prices.csv' });
    expect(spec.task).toMatchObject({ name: 'sp500', path: '/data/prices.csv' });
  });

  it('refuses a missing file with a user error and a fix', async () => {
    const path = join(dir, 'nope.yaml');
    const err = await loadSpecFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).not.toBeInstanceOf(SpecError);
    expect((err as UserError).code).toBe(ErrorCode.InvalidSpec);
    expect((err as UserError).message).toBe(`spec file not found: ${path}`);
    expect((err as UserError).fix).toMatch(/check the path/);
  });

  it('refuses a folder', async () => {
    await expect(loadSpecFile(dir)).rejects.toThrow(/not a spec file/);
  });
});
