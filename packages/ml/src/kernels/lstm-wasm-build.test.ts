import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileLstmWasm, GENERATED_MODULE, renderGeneratedModule } from '../../assembly/build.mjs';
import { lstmWasmModule } from './wasm-kernel.js';

describe('the committed WebAssembly kernels', () => {
  it('are exactly what assembly/*.ts compiles to (npm run -w @seqsweep/ml asbuild rewrites them)', async () => {
    const built = renderGeneratedModule(await compileLstmWasm());
    expect(built === (await readFile(GENERATED_MODULE, 'utf8'))).toBe(true);
  });

  it('validate and compile with SIMD in this runtime', () => {
    expect(lstmWasmModule()).not.toBeNull();
  });
});
