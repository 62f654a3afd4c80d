import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleError } from '../errors.js';
import { sha256Hex } from '../transport/sha256.js';
import { acceptsCode, codePolicyWord, moduleDigest } from './module-digest.js';
import { codeRefs, describeCode, relativeImports } from './module-files.js';
import { parseSpec } from './parse-spec.js';

describe('the files of a module', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seqsweep-module-files-'));
    await mkdir(join(dir, 'lib'));
    await writeFile(join(dir, 'net.mjs'), "import { z } from 'zod';\nimport { helper } from './lib/helper.mjs';\nexport { other } from \"./lib/other.mjs\";\nconst lazy = () => import('./lib/helper.mjs');\n");
    await writeFile(join(dir, 'lib', 'helper.mjs'), "import './side.mjs';\nexport const helper = 1;\n");
    await writeFile(join(dir, 'lib', 'side.mjs'), 'globalThis.x = 1;\n');
    await writeFile(join(dir, 'lib', 'other.mjs'), 'export const other = 2;\n');
    await writeFile(join(dir, 'escape.mjs'), "import '../outside.mjs';\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const spec = (model: string) => parseSpec({ name: 's', task: { name: 'toy' }, model: { module: model } });

  it('finds relative static, re-exported, side-effect and dynamic imports, never bare ones', () => {
    expect(relativeImports("import a from './a.mjs'; export * from '../b.js'; import './c.mjs'; await import(\"./d.mjs\"); import z from 'zod';"))
      .toEqual(['./a.mjs', '../b.js', './c.mjs', './d.mjs']);
  });

  it('ships the entry and every file it imports relatively, by path inside its folder, with the module digest over them', async () => {
    const stored: string[] = [];
    const code = await codeRefs(spec(join(dir, 'net.mjs')), async (name, bytes) => {
      stored.push(name);
      return { digest: sha256Hex(bytes) };
    });
    const model = code!.model!;
    expect(model.entry).toBe('net.mjs');
    expect(Object.keys(model.files).sort()).toEqual(['lib/helper.mjs', 'lib/other.mjs', 'lib/side.mjs', 'net.mjs']);
    expect(model.digest).toBe(moduleDigest(model.files));
    expect(stored.every((n) => /^code\/[0-9a-f]{16}-[a-z]+\.mjs$/.test(n))).toBe(true);
    // plan describes the same digests without storing anything.
    expect((await describeCode(spec(join(dir, 'net.mjs'))))?.model?.digest).toBe(model.digest);
    expect(await describeCode(parseSpec({ name: 's', task: { name: 'toy' }, model: { name: 'lstm-ae' } }))).toBeUndefined();
  });

  it('refuses a module that imports a file outside its folder, in one sentence naming both', async () => {
    const error = await describeCode(spec(join(dir, 'escape.mjs'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleError);
    expect((error as Error).message).toBe(`module ${join(dir, 'escape.mjs')} imports ${join(dir, '..', 'outside.mjs').replace(/\/[^/]+\/\.\.\//, '/')}, outside its own folder ${dir}; keep the files a module imports in its folder`);
  });

  it('changes the module digest when any file changes', () => {
    const a = moduleDigest({ 'x.mjs': { digest: 'a'.repeat(64) }, 'lib/y.mjs': { digest: 'b'.repeat(64) } });
    expect(moduleDigest({ 'lib/y.mjs': { digest: 'b'.repeat(64) }, 'x.mjs': { digest: 'a'.repeat(64) } })).toBe(a);
    expect(moduleDigest({ 'x.mjs': { digest: 'a'.repeat(64) }, 'lib/y.mjs': { digest: 'c'.repeat(64) } })).not.toBe(a);
    expect(moduleDigest({ 'x.mjs': { digest: 'a'.repeat(64) }, 'lib/z.mjs': { digest: 'b'.repeat(64) } })).not.toBe(a);
  });
});

describe('which workers run a sweep\'s code', () => {
  const ref = (digest: string) => ({ entry: 'm.mjs', digest, files: {} });
  const record = { codeRefs: { task: ref('1'.repeat(64)), model: ref('2'.repeat(64)) } };

  it('every worker runs a sweep without modules; one with modules needs --allow-code or every digest trusted', () => {
    expect(acceptsCode({}, {})).toBe(true);
    expect(acceptsCode(record, {})).toBe(false);
    expect(acceptsCode(record, { allowCode: true })).toBe(true);
    expect(acceptsCode(record, { trust: ['1'.repeat(64)] })).toBe(false);
    expect(acceptsCode(record, { trust: ['1'.repeat(64), '2'.repeat(64)] })).toBe(true);
    expect([codePolicyWord({}), codePolicyWord({ trust: ['1'] }), codePolicyWord({ allowCode: true })]).toEqual(['none', 'trusted', 'all']);
  });
});
