import { describe, expect, it } from 'vitest';
import { createRng } from '@seqsweep/core';
import type { LstmDims } from './lstm-layout.js';
import { fileURLToPath } from 'node:url';
import { FMA_TOLERANCE, NATIVE_ADDON_PATH, NATIVE_ISAS, NativeLstmKernel, nativeAddonAt, nativeLstmAddon, type NativeArithmetic, type NativeIsa } from './native-kernel.js';
import { LstmWorkspace, autoLstmKernel, createLstmKernel, setDefaultLstmKernel, type LstmInputs } from './lstm-workspace.js';

function randomInputs(d: LstmDims, seed: number): LstmInputs {
  const rng = createRng(seed, 'native');
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
  const G = 4 * d.units;
  return { x: values(d.batch * d.steps * d.features, 1), kernel: values(d.features * G, 0.6), recurrent: values(d.units * G, 0.6), bias: values(G, 0.5) };
}

/** Forward, inference and backward outputs of one kernel (wasm, or native on one instruction set), for both output modes. */
function run(kind: 'wasm' | NativeIsa, d: LstmDims, inputs: LstmInputs, arithmetic: NativeArithmetic = 'exact'): Float32Array[] {
  const out: Float32Array[] = [];
  for (const allSteps of [true, false]) {
    const ws = new LstmWorkspace(kind === 'wasm' ? createLstmKernel('wasm') : new NativeLstmKernel(kind, undefined, arithmetic));
    const dy = (randomInputs({ ...d, features: d.units }, 9).x as Float32Array).subarray(0, allSteps ? d.batch * d.steps * d.units : d.batch * d.units);
    const { y, token } = ws.forward(d, inputs, allSteps);
    const g = ws.backward(token, d, allSteps, dy, () => inputs);
    out.push(y, g.dx, g.dKernel, g.dRecurrent, g.dBias, ws.infer(d, inputs, allSteps));
  }
  return out;
}

/** The largest absolute difference over the largest magnitude of `b` (0 where both are all zero). */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff === 0 ? 0 : diff / scale;
}

const NAMES = ['y', 'dx', 'dKernel', 'dRecurrent', 'dBias', 'inferred y'];

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// Every LSTM layer of the examples' models (encoder F -> H, decoder H -> F) at their batch sizes and at 128, and
// shapes that leave masked lanes (B = 130: Bp = 132), more than one 512-term block in the weight gradients (T * Bp >
// 512), odd row counts, a gemmNT with K not a multiple of 16, and gate counts (4H = 44, 28) that end in a narrow panel
// of the transposed gate gradients.
const SHAPES: LstmDims[] = [];
for (const [steps, features, hidden, batches] of [[50, 1, 8, [32, 128]], [50, 1, 16, [32, 128]], [30, 1, 16, [64, 128]], [30, 1, 32, [64, 128]], [28, 28, 32, [64, 128]], [28, 28, 64, [64, 128]], [784, 1, 32, [32]]] as const) {
  for (const batch of batches) {
    SHAPES.push({ batch, steps, features, units: hidden }, { batch, steps, features: hidden, units: features });
  }
}
SHAPES.push({ batch: 130, steps: 9, features: 3, units: 5 }, { batch: 33, steps: 20, features: 9, units: 11 }, { batch: 6, steps: 5, features: 30, units: 7 }, { batch: 5, steps: 13, features: 7, units: 28 }, { batch: 1, steps: 3, features: 1, units: 1 }, { batch: 17, steps: 40, features: 11, units: 13 });

const loaded = nativeLstmAddon();

describe('the process-wide kernel', () => {
  it('is what auto makes once set, and auto again restores the choice', () => {
    try {
      setDefaultLstmKernel('js');
      expect(createLstmKernel().kind).toBe('js');
      expect(createLstmKernel('wasm').kind).toBe('wasm');
      setDefaultLstmKernel('auto');
      expect(createLstmKernel().kind).toBe(autoLstmKernel().kind);
      expect(() => setDefaultLstmKernel('gpu' as 'js')).toThrow(/unknown fused LSTM kernel "gpu"/);
    } finally {
      setDefaultLstmKernel('auto');
    }
  });
});

describe('native fused LSTM kernel', () => {
  if (loaded.addon === null) {
    it(`falls back to WebAssembly where the addon cannot run (${loaded.reason})`, () => {
      // CI on a machine with the build tools and an AVX2 or AVX-512 CPU sets SEQSWEEP_REQUIRE_NATIVE=1, so the parity tests below run.
      expect(process.env['SEQSWEEP_REQUIRE_NATIVE'], loaded.reason).not.toBe('1');
      expect(autoLstmKernel().kind).toBe('wasm');
      expect(autoLstmKernel().description).toContain(loaded.reason);
      expect(() => createLstmKernel('native')).toThrow(/native fused LSTM kernel cannot run here/);
    });
    return;
  }

  it('is what auto runs, on the fastest instruction set the CPU has, with FMA where the CPU has it', () => {
    const best = loaded.isas[0]!;
    const arithmetic = process.env['SEQSWEEP_LSTM_EXACT'] === '1' || !loaded.fma ? 'exact' : 'fma';
    expect(loaded.arithmetic).toBe(arithmetic);
    const kind = arithmetic === 'fma' ? 'native' : 'native-exact';
    expect(autoLstmKernel()).toEqual({ kind, description: `native kernel (${best === 'avx512' ? 'AVX-512' : 'AVX2'}, ${arithmetic === 'fma' ? 'FMA' : 'exact'})` });
    expect(createLstmKernel().kind).toBe(kind);
    expect((createLstmKernel() as NativeLstmKernel).isa).toBe(best);
    expect((createLstmKernel('native-exact') as NativeLstmKernel).arithmetic).toBe('exact');
    expect((createLstmKernel('native') as NativeLstmKernel).arithmetic).toBe(loaded.fma ? 'fma' : 'exact');
    for (const isa of NATIVE_ISAS.filter((i) => !loaded.isas.includes(i))) expect(() => new NativeLstmKernel(isa)).toThrow(/cannot run/);
  });

  for (const isa of loaded.isas) {
    for (const d of SHAPES) {
      it(`${isa}, exact: gives the WebAssembly kernel's outputs and gradients bit for bit (B=${d.batch} T=${d.steps} F=${d.features} H=${d.units})`, () => {
        const inputs = randomInputs(d, d.batch + d.steps);
        const wasm = run('wasm', d, inputs);
        const native = run(isa, d, inputs);
        const differing = native.map((a, i) => (same(a, wasm[i]!) ? null : `${NAMES[i % 6]}${i < 6 ? '' : ' (last step)'}`)).filter((n) => n !== null);
        expect(differing).toEqual([]);
      });
    }
  }

  // The FMA kernels round each product into its sum once: not the exact kernels' bits, but within FMA_TOLERANCE of
  // them on every shape, and the same bits on both instruction sets (each element's operations do not depend on the
  // vector width).
  const fmaIsas = loaded.fma ? loaded.isas : [];
  for (const d of [...SHAPES, { batch: 128, steps: 784, features: 1, units: 32 }, { batch: 128, steps: 784, features: 32, units: 1 }]) {
    it.runIf(fmaIsas.length > 0)(`fma: within FMA_TOLERANCE of the exact kernel, the same bits on ${fmaIsas.join(' and ')} (B=${d.batch} T=${d.steps} F=${d.features} H=${d.units})`, () => {
      const inputs = randomInputs(d, d.batch + d.steps);
      const exact = run('wasm', d, inputs);
      const [first, ...others] = fmaIsas.map((isa) => run(isa, d, inputs, 'fma'));
      const far = first!.map((a, i) => ({ name: `${NAMES[i % 6]}${i < 6 ? '' : ' (last step)'}`, difference: relativeDifference(a, exact[i]!) })).filter((r) => !(r.difference <= FMA_TOLERANCE));
      expect(far).toEqual([]);
      for (const other of others) expect(other.map((a, i) => same(a, first![i]!))).toEqual(first!.map(() => true));
    });
  }

  it('runs another build of the addon loaded by its path beside the installed one (the benches\' before / after)', () => {
    const d = { batch: 6, steps: 4, features: 3, units: 5 };
    const inputs = randomInputs(d, 4);
    const other = nativeAddonAt(fileURLToPath(new URL(NATIVE_ADDON_PATH, import.meta.url)));
    expect(other.addon).not.toBeNull();
    const y = (kernel: NativeLstmKernel) => new LstmWorkspace(kernel).forward(d, inputs, true).y;
    expect(same(y(new NativeLstmKernel(undefined, other)), y(new NativeLstmKernel()))).toBe(true);
    expect(nativeAddonAt('/nonexistent/seqsweep_lstm.node')).toEqual({ addon: null, reason: expect.stringMatching(/not built/) });
  });

  it('keeps NaN from the inputs, as the WebAssembly kernel does', () => {
    const d = { batch: 4, steps: 3, features: 2, units: 3 };
    const inputs = randomInputs(d, 1);
    (inputs.x as Float32Array)[0] = NaN;
    const expected = Array.from(new LstmWorkspace(createLstmKernel('wasm')).forward(d, inputs, true).y).map(Number.isNaN);
    expect(expected[0]).toBe(true);
    for (const isa of loaded.isas) {
      for (const arithmetic of loaded.fma ? (['exact', 'fma'] as const) : (['exact'] as const)) {
        const y = new LstmWorkspace(new NativeLstmKernel(isa, undefined, arithmetic)).forward(d, inputs, true).y;
        expect(Array.from(y).map(Number.isNaN)).toEqual(expected);
      }
    }
  });
});
