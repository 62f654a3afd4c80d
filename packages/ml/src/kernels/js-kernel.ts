/**
 * The fused LSTM in plain TypeScript over one Float32Array: the portable fallback where WebAssembly SIMD is not
 * available. The same algorithm and layout as assembly/lstm.ts, in scalar code.
 */
import { fastSigmoid, fastTanh } from './fast-math.js';
import { gemmNN, gemmNT, transposeIn, transposeMatrix, transposeOut } from './js-gemm.js';
import type { LstmKernel } from './lstm-kernel.js';
import type { LstmLayout } from './lstm-layout.js';

/** A fused LSTM kernel in TypeScript, with its own memory. */
export class JsLstmKernel implements LstmKernel {
  readonly kind = 'js';
  readonly base = 0;
  #memory = new Float32Array(0);

  reserve(floats: number): void {
    if (this.#memory.length < floats) this.#memory = new Float32Array(floats);
  }

  memory(): Float32Array {
    return this.#memory;
  }

  forward(layout: LstmLayout, allSteps: boolean): void {
    const m = this.#memory;
    const { batch: B, steps: T, features: F, units: H } = layout.dims;
    const { padded: Bp, columns: N, offsets: o } = layout;
    const G = 4 * H;
    const ldh = N + Bp;
    transposeIn(m, o.x, B, T, F, Bp, o.xT);
    transposeMatrix(m, o.w, F, G, o.wT);
    transposeMatrix(m, o.u, H, G, o.uT);
    for (let j = 0; j < G; j++) m.fill(m[o.bias + j]!, o.gates + j * N, o.gates + (j + 1) * N);
    gemmNN(m, G, N, F, o.wT, F, o.xT, N, o.gates, N, true);
    for (let k = 0; k < H; k++) {
      m.fill(0, o.hs + k * ldh, o.hs + k * ldh + Bp);
      m.fill(0, o.cs + k * ldh, o.cs + k * ldh + Bp);
    }
    for (let t = 0; t < T; t++) {
      const col = t * Bp;
      gemmNN(m, G, Bp, H, o.uT, H, o.hs + col, ldh, o.gates + col, N, true);
      cellForward(m, H, Bp, N, o.gates + col, o.hs + col, o.cs + col, o.tcs + col);
    }
    if (allSteps) transposeOut(m, o.hs + Bp, ldh, B, T, H, Bp, o.y);
    else transposeOut(m, o.hs + N, ldh, B, 1, H, Bp, o.y);
  }

  infer(layout: LstmLayout, allSteps: boolean): void {
    const m = this.#memory;
    const { batch: B, steps: T, features: F, units: H } = layout.dims;
    const { padded: Bp, columns: N, chunk: S, offsets: o } = layout;
    const G = 4 * H;
    const ldh = N + Bp;
    const ldg = S * Bp;
    transposeIn(m, o.x, B, T, F, Bp, o.xT);
    transposeMatrix(m, o.w, F, G, o.wT);
    transposeMatrix(m, o.u, H, G, o.uT);
    for (let k = 0; k < H; k++) {
      m.fill(0, o.hs + k * ldh, o.hs + k * ldh + Bp);
      m.fill(0, o.cs + k * 2 * Bp, o.cs + k * 2 * Bp + Bp);
    }
    for (let t0 = 0; t0 < T; t0 += S) {
      const steps = Math.min(S, T - t0);
      for (let j = 0; j < G; j++) m.fill(m[o.bias + j]!, o.gates + j * ldg, o.gates + j * ldg + steps * Bp);
      gemmNN(m, G, steps * Bp, F, o.wT, F, o.xT + t0 * Bp, N, o.gates, ldg, true);
      for (let t = t0; t < t0 + steps; t++) {
        const g = o.gates + (t - t0) * Bp;
        gemmNN(m, G, Bp, H, o.uT, H, o.hs + t * Bp, ldh, g, ldg, true);
        cellInfer(m, H, Bp, ldg, ldh, g, o.hs + t * Bp, o.cs + (t & 1) * Bp, o.cs + ((t + 1) & 1) * Bp);
      }
    }
    if (allSteps) transposeOut(m, o.hs + Bp, ldh, B, T, H, Bp, o.y);
    else transposeOut(m, o.hs + N, ldh, B, 1, H, Bp, o.y);
  }

  backward(layout: LstmLayout, allSteps: boolean): void {
    const m = this.#memory;
    const { batch: B, steps: T, features: F, units: H } = layout.dims;
    const { padded: Bp, columns: N, offsets: o } = layout;
    const G = 4 * H;
    if (allSteps) {
      transposeIn(m, o.dy, B, T, H, Bp, o.dyT);
    } else {
      m.fill(0, o.dyT, o.dyT + H * N);
      transposeIn(m, o.dy, B, 1, H, Bp, o.dyT + N - Bp, N);
    }
    m.fill(0, o.dh, o.dh + H * Bp);
    m.fill(0, o.dc, o.dc + H * Bp);
    for (let t = T - 1; t >= 0; t--) {
      const col = t * Bp;
      cellBackward(m, H, Bp, N, o.gates + col, o.cs + col, o.tcs + col, o.dyT + col, o.dh, o.dc);
      if (t > 0) gemmNN(m, H, Bp, G, o.u, G, o.gates + col, N, o.dh, Bp, false);
    }
    gemmNT(m, F, G, N, o.xT, N, o.gates, N, o.dW, G, false);
    gemmNT(m, H, G, N, o.hs, N + Bp, o.gates, N, o.dU, G, false);
    for (let j = 0; j < G; j++) {
      let sum = 0;
      for (let n = o.gates + j * N, end = n + N; n < end; n++) sum += m[n]!;
      m[o.db + j] = sum;
    }
    gemmNN(m, F, N, G, o.w, G, o.gates, N, o.xT, N, false);
    transposeOut(m, o.xT, N, B, T, F, Bp, o.dx);
  }
}

function cellForward(m: Float32Array, H: number, Bp: number, N: number, g: number, h: number, c: number, tc: number): void {
  const ldh = N + Bp;
  for (let k = 0; k < H; k++) {
    const gi = g + k * N, gf = gi + H * N, gg = gf + H * N, go = gg + H * N;
    const ck = c + k * ldh, hk = h + k * ldh + Bp, tk = tc + k * N;
    for (let b = 0; b < Bp; b++) {
      const i = fastSigmoid(m[gi + b]!), f = fastSigmoid(m[gf + b]!), z = fastTanh(m[gg + b]!), o = fastSigmoid(m[go + b]!);
      const cell = f * m[ck + b]! + i * z;
      const t = fastTanh(cell);
      m[gi + b] = i;
      m[gf + b] = f;
      m[gg + b] = z;
      m[go + b] = o;
      m[ck + Bp + b] = cell;
      m[tk + b] = t;
      m[hk + b] = o * t;
    }
  }
}

function cellInfer(m: Float32Array, H: number, Bp: number, ldg: number, ldh: number, g: number, h: number, c: number, cNext: number): void {
  for (let k = 0; k < H; k++) {
    const gi = g + k * ldg, gf = gi + H * ldg, gg = gf + H * ldg, go = gg + H * ldg;
    const ck = c + k * 2 * Bp, nk = cNext + k * 2 * Bp, hk = h + k * ldh + Bp;
    for (let b = 0; b < Bp; b++) {
      const i = fastSigmoid(m[gi + b]!), f = fastSigmoid(m[gf + b]!), z = fastTanh(m[gg + b]!), o = fastSigmoid(m[go + b]!);
      const cell = f * m[ck + b]! + i * z;
      m[nk + b] = cell;
      m[hk + b] = o * fastTanh(cell);
    }
  }
}

function cellBackward(m: Float32Array, H: number, Bp: number, N: number, g: number, c: number, tc: number, dyT: number, dh: number, dc: number): void {
  const ldh = N + Bp;
  for (let k = 0; k < H; k++) {
    const gi = g + k * N, gf = gi + H * N, gg = gf + H * N, go = gg + H * N;
    const ck = c + k * ldh, tk = tc + k * N, yk = dyT + k * N, hk = dh + k * Bp, dk = dc + k * Bp;
    for (let b = 0; b < Bp; b++) {
      const i = m[gi + b]!, f = m[gf + b]!, z = m[gg + b]!, o = m[go + b]!, t = m[tk + b]!;
      const dhv = m[hk + b]! + m[yk + b]!;
      const dcv = m[dk + b]! + dhv * o * (1 - t * t);
      m[go + b] = dhv * t * o * (1 - o);
      m[gi + b] = dcv * z * i * (1 - i);
      m[gf + b] = dcv * m[ck + b]! * f * (1 - f);
      m[gg + b] = dcv * i * (1 - z * z);
      m[dk + b] = dcv * f;
    }
  }
}
