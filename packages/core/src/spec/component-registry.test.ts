import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SpecError } from '../errors.js';
import { MODEL_HEADS, TASK_KINDS } from './component-declaration.js';
import { listModelDeclarations, listTaskDeclarations, modelDeclaration, registerModuleModel, registerModuleTask, taskDeclaration } from './component-registry.js';
import { loadSpecFile } from './load-spec.js';
import { parseSpec } from './parse-spec.js';
import { resolvePoint } from './resolve-point.js';
import { specIssues } from '../../test-support/spec-issues.js';

const gruOptions = z.strictObject({ hiddenSize: z.number().int().positive().default(16), cell: z.enum(['gru', 'lstm']).default('gru') });
const gruModule = { component: 'model', name: 'gru-ae', description: 'a GRU autoencoder', options: gruOptions, head: 'none', kinds: ['reconstruction', 'prediction'] };
const waveModule = { component: 'task', name: 'waves', description: 'waves', options: z.strictObject({ samples: z.number().int().positive().default(100) }), kind: 'classification', dated: false };

// Registered before the contract below runs, so the contract covers a module too.
registerModuleModel('/m/gru-ae.mjs', gruModule);
registerModuleTask('/t/waves.mjs', waveModule);

describe('every registered task', () => {
  for (const task of listTaskDeclarations()) {
    it(`${task.name} declares its kind, dates, files and a strict option schema`, () => {
      expect(task.name.length).toBeGreaterThan(0);
      expect(TASK_KINDS).toContain(task.kind);
      expect(typeof task.dated).toBe('boolean');
      for (const file of task.fileOptions) expect(Object.keys(task.options.shape)).toContain(file.key);
      // A strict schema refuses a key it does not know, so a typo in a spec is reported, never ignored.
      const probe = task.options.safeParse({ notAnOption: 1 });
      expect(probe.success).toBe(false);
      expect(probe.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
      if (task.dated) expect(task.kind).toBe('prediction');
    });
  }
});

describe('every registered model', () => {
  for (const model of listModelDeclarations()) {
    it(`${model.name} declares a head, the kinds it trains on, and options that parse to their defaults`, () => {
      expect(MODEL_HEADS).toContain(model.head);
      expect(model.kinds.length).toBeGreaterThan(0);
      for (const kind of model.kinds) expect(TASK_KINDS).toContain(kind);
      // A head other than none needs the data of its own kind.
      if (model.head !== 'none') expect(model.kinds).toContain(model.head);
      const defaults = model.options.safeParse('name' in model.options.shape ? { name: model.name } : {});
      expect(defaults.success).toBe(true);
      expect(model.options.safeParse({ notAnOption: 1 }).success).toBe(false);
    });
  }
});

describe('modules in the spec', () => {
  const spec = { name: 's', task: { name: 'toy' }, model: { module: '/m/gru-ae.mjs', hiddenSize: 8 } };

  it('checks a module model against its own schema and fills its defaults', () => {
    const parsed = parseSpec(spec);
    expect(parsed.model).toEqual({ name: 'module', module: '/m/gru-ae.mjs', hiddenSize: 8, cell: 'gru' });
    // A parsed spec parses again to itself.
    expect(parseSpec(parsed)).toEqual(parsed);
  });

  it('reports every problem of a module\'s options at once, with its path and the nearest key', () => {
    expect(specIssues({ ...spec, model: { module: '/m/gru-ae.mjs', hiddenSise: 8, cell: 'rnn' }, grid: { hiddenSize: [0, 4] } })).toEqual([
      ['model.cell', 'expected one of gru, lstm, got "rnn"'],
      ['model.hiddenSise', 'unknown key; did you mean "hiddenSize"?'],
      ['grid.hiddenSize[0]', 'expected a number more than 0, got 0'],
    ]);
  });

  it('sweeps a module option like any other, and refuses a key the module does not have', () => {
    const parsed = parseSpec({ ...spec, grid: { hiddenSize: [4, 8], cell: ['gru', 'lstm'] } });
    expect(resolvePoint(parsed, { hiddenSize: 4, cell: 'lstm' }).model).toEqual({ name: 'module', module: '/m/gru-ae.mjs', hiddenSize: 4, cell: 'lstm' });
    expect(specIssues({ ...spec, grid: { denseSize: [4] } })).toEqual([
      ['grid.denseSize', 'denseSize is an option of model lstm-ae-classifier, not of gru-ae'],
    ]);
  });

  it('fits a module model to tasks by their declared kinds, and reads a module task\'s kind', () => {
    expect(specIssues({ ...spec, task: { module: '/t/waves.mjs' } })).toEqual([
      ['model.name', 'model gru-ae cannot train on task "waves"; it needs task toy or sp500 or series'],
    ]);
    expect(taskDeclaration({ name: 'module', module: '/t/waves.mjs' })?.kind).toBe('classification');
    expect(specIssues({ ...spec, model: { name: 'lstm-ae' }, objective: { metric: 'valAccuracy' } })).toEqual([
      ['objective.metric', "valAccuracy needs model lstm-ae-classifier; the spec's model is lstm-ae"],
    ]);
  });

  it('accepts a module it has not imported (a worker reading the record) and leaves its options to the module', () => {
    const parsed = parseSpec({ ...spec, model: { module: '/elsewhere/x.mjs', width: 3 }, grid: { width: [1, 2], learningRate: [0.1] } });
    expect(modelDeclaration(parsed.model)).toBeUndefined();
    expect(resolvePoint(parsed, { width: 2, learningRate: 0.1 }).model).toEqual({ name: 'module', module: '/elsewhere/x.mjs', width: 2 });
    expect(specIssues({ ...spec, model: { module: '/elsewhere/x.mjs' }, grid: { learningRate: [-1] } })).toEqual([
      ['grid.learningRate[0]', 'expected a positive number'],
    ]);
  });
});

describe('loadSpecFile with modules', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seqsweep-modules-'));
    await writeFile(join(dir, 'net.mjs'), '');
    await writeFile(join(dir, 'broken.mjs'), '');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const importer = async (path: string): Promise<Record<string, unknown>> => {
    if (path.endsWith('broken.mjs')) throw new SyntaxError('Unexpected token )');
    return { default: { ...gruModule, name: 'net' } };
  };

  it('imports each module relative to the spec\'s folder, registers it, and checks the spec against it', async () => {
    await writeFile(join(dir, 'spec.yaml'), 'name: s\ntask: { name: toy }\nmodel: { module: ./net.mjs, hiddenSize: 4 }\ngrid: { cell: [gru, lstm] }\n');
    const spec = await loadSpecFile(join(dir, 'spec.yaml'), { importModule: importer });
    expect(spec.model).toEqual({ name: 'module', module: join(dir, 'net.mjs'), hiddenSize: 4, cell: 'gru' });
    expect(modelDeclaration(spec.model)?.name).toBe('net');
  });

  it('names every module that is missing or fails to import, with its path in the spec', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'name: s\ntask: { module: ./missing.mjs }\nmodel: { module: ./broken.mjs }\n');
    const error = await loadSpecFile(join(dir, 'bad.yaml'), { importModule: importer }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).issues).toEqual([
      { path: 'task.module', message: `module file ${join(dir, 'missing.mjs')} does not exist (module paths are relative to the spec's folder)` },
      { path: 'model.module', message: `importing module ${join(dir, 'broken.mjs')} failed: Unexpected token )` },
    ]);
  });

  it('refuses a module whose default export is no declaration, in one sentence naming it', async () => {
    await writeFile(join(dir, 'plain.yaml'), 'name: s\ntask: { name: toy }\nmodel: { module: ./net.mjs }\n');
    const error = await loadSpecFile(join(dir, 'plain.yaml'), { importModule: async () => ({ default: { build: () => 1 } }) }).catch((e: unknown) => e);
    expect((error as SpecError).issues).toEqual([{ path: 'model.module', message: `module ${join(dir, 'net.mjs')} has no default export made by defineModel` }]);
  });
});
