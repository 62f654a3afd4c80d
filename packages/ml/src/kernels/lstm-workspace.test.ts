import { describe, expect, it } from 'vitest';
import { createRng } from '@seqsweep/core';
import { planLstm, type LstmDims } from './lstm-layout.js';
import { LstmWorkspace, createLstmKernel, type LstmInputs } from './lstm-workspace.js';

function randomInputs(d: LstmDims, seed: number): LstmInputs {
  const rng = createRng(seed, 'workspace');
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
  const G = 4 * d.units;
  return { x: values(d.batch * d.steps * d.features, 1), kernel: values(d.features * G, 0.5), recurrent: values(d.units * G, 0.5), bias: values(G, 0.5) };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const dims: LstmDims = { batch: 9, steps: 13, features: 6, units: 7 };
const dy = Float32Array.from({ length: 9 * 13 * 7 }, (_, i) => Math.sin(i));

describe('LstmWorkspace', () => {
  it('gives the same outputs and gradients with the WebAssembly and the TypeScript kernel', () => {
    const inputs = randomInputs(dims, 1);
    const run = (kind: 'wasm' | 'js') => {
      const ws = new LstmWorkspace(createLstmKernel(kind));
      expect(ws.kernel.kind).toBe(kind);
      const { y, token } = ws.forward(dims, inputs, true);
      return [y, ...Object.values(ws.backward(token, dims, true, dy, () => inputs))];
    };
    const wasm = run('wasm');
    const js = run('js');
    wasm.forEach((a, i) => expect(maxDiff(a, js[i]!)).toBeLessThan(2e-5));
  });

  // The inference pass makes the input projection S steps at a time: S = T here, then 4 steps with a remainder
  // (13 = 4 + 4 + 4 + 1), then 1 step (the gates of one step fill the buffer), and the last step only.
  const inferCases: LstmDims[] = [dims, { batch: 61, steps: 13, features: 5, units: 32 }, { batch: 130, steps: 4, features: 3, units: 64 }, { batch: 3, steps: 30, features: 1, units: 1 }];
  for (const d of inferCases) {
    it(`infers the same y as the training forward, bit for bit, on both kernels (B=${d.batch} T=${d.steps} F=${d.features} H=${d.units})`, () => {
      const inputs = randomInputs(d, 4);
      const chunk = planLstm(d, 0, true).chunk;
      expect(chunk).toBe(d.units === 32 ? 4 : d.units === 64 ? 1 : d.steps);
      for (const kind of ['wasm', 'js'] as const) {
        for (const allSteps of [true, false]) {
          const ws = new LstmWorkspace(createLstmKernel(kind));
          const trained = ws.forward(d, inputs, allSteps).y;
          const inferred = ws.infer(d, inputs, allSteps);
          expect(inferred).toHaveLength(allSteps ? d.batch * d.steps * d.units : d.batch * d.units);
          expect(Buffer.from(inferred.buffer).equals(Buffer.from(trained.buffer))).toBe(true);
        }
      }
    });
  }

  it('lays an inference layout out without the state of a backward pass', () => {
    const layout = planLstm({ batch: 61, steps: 13, features: 5, units: 32 }, 0, true);
    expect(layout).toMatchObject({ inference: true, chunk: 4, padded: 64, columns: 13 * 64 });
    expect(layout.sizes).toMatchObject({ gates: 128 * 4 * 64, cs: 32 * 2 * 64, tcs: 0, dy: 0, dyT: 0, dW: 0, dx: 0 });
    expect(layout.floats).toBeLessThan(planLstm(layout.dims).floats / 2);
  });

  it('needs a fresh forward for a backward after an inference pass', () => {
    const ws = new LstmWorkspace(createLstmKernel('wasm'));
    const a = randomInputs(dims, 1);
    const first = ws.forward(dims, a, true);
    const fresh = ws.backward(first.token, dims, true, dy, () => a);
    const again = ws.forward(dims, a, true);
    ws.infer(dims, randomInputs(dims, 2), true);
    let asked = 0;
    expect(ws.backward(again.token, dims, true, dy, () => (asked++, a))).toEqual(fresh);
    expect(asked).toBe(1);
  });

  it('runs a forward again when another forward has replaced the state a backward needs', () => {
    const ws = new LstmWorkspace(createLstmKernel('wasm'));
    const a = randomInputs(dims, 1);
    const b = randomInputs(dims, 2);
    const first = ws.forward(dims, a, true);
    const fresh = ws.backward(first.token, dims, true, dy, () => a);
    const again = ws.forward(dims, a, true);
    ws.forward(dims, b, true);
    let asked = 0;
    const stale = ws.backward(again.token, dims, true, dy, () => (asked++, a));
    expect(asked).toBe(1);
    expect(stale).toEqual(fresh);
    // A token is spent by its backward: the state it kept was overwritten by the gradients.
    expect(ws.backward(again.token, dims, true, dy, () => (asked++, a))).toEqual(fresh);
    expect(asked).toBe(2);
  });

  it('returns only the last step without allSteps, and takes dy of that shape', () => {
    const ws = new LstmWorkspace(createLstmKernel('wasm'));
    const inputs = randomInputs(dims, 3);
    const all = ws.forward(dims, inputs, true).y;
    const last = ws.forward(dims, inputs, false);
    expect(last.y).toHaveLength(9 * 7);
    for (let b = 0; b < 9; b++) expect(Array.from(last.y.subarray(b * 7, b * 7 + 7))).toEqual(Array.from(all.subarray((b * 13 + 12) * 7, (b * 13 + 13) * 7)));
    expect(() => ws.backward(last.token, dims, false, dy, () => inputs)).toThrow(/dy has 819 values, expected 63/);
  });

  it('rejects inputs of the wrong size and impossible shapes', () => {
    const ws = new LstmWorkspace(createLstmKernel('js'));
    const inputs = randomInputs(dims, 1);
    expect(() => ws.forward(dims, { ...inputs, bias: new Float32Array(3) }, true)).toThrow(/bias has 3 values, expected 28/);
    expect(() => planLstm({ ...dims, units: 0 })).toThrow(/units must be a positive whole number/);
    expect(() => planLstm({ batch: 4096, steps: 784, features: 1, units: 256 })).toThrow(/more than 4 GiB/);
    expect(() => createLstmKernel('gpu' as 'js')).toThrow(/unknown fused LSTM kernel/);
  });

  it('lays buffers out on 64-byte lines, after the base, without overlap', () => {
    const layout = planLstm({ batch: 5, steps: 3, features: 2, units: 3 }, 37);
    expect(layout.padded).toBe(8);
    expect(layout.columns).toBe(24);
    const spans = Object.entries(layout.offsets).map(([name, at]) => [at, at + layout.sizes[name as keyof typeof layout.sizes]] as const).sort((p, q) => p[0] - q[0]);
    expect(spans[0]![0]).toBe(48);
    for (const [at] of spans) expect(at % 16).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect(layout.floats).toBeGreaterThanOrEqual(spans.at(-1)![1]);
  });
});
