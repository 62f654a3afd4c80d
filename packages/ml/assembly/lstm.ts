// The fused LSTM sequence op in WebAssembly SIMD: one call runs the forward pass over all T steps, one call runs
// backpropagation through time. The layout (src/kernels/lstm-layout.ts) is feature-major with the batch as the
// contiguous, vectorised dimension, padded to Bp (a multiple of 4): a [rows, N] matrix holds column t * Bp + b
// for step t and sample b, with N = T * Bp. Every pointer is a byte address inside this module's memory.
import { gemmNN, gemmNT } from './gemm';
import { sigmoid4, tanh4 } from './activations';
import { transposeIn, transposeOut, transposeMatrix } from './transpose';

/** The first byte the caller may use (static data ends below it), rounded up to 64 bytes. */
export function workspaceBase(): usize {
  return (__heap_base + 63) & ~<usize>63;
}

/**
 * Forward pass. Reads x [B, T, F], w [F, 4H], u [H, 4H], bias [4H] (Keras gate order i, f, c, o). Writes y:
 * [B, T, H] with allSteps, else the last step [B, H]. Keeps for backward: xT [F, N], the activated gates [4H, N],
 * hs and cs [H, N + Bp] (column block 0 is the zero initial state, block t + 1 is step t) and tanh(c) in tcs [H, N].
 */
export function forward(
  B: i32, T: i32, F: i32, H: i32, Bp: i32, allSteps: bool,
  x: usize, w: usize, u: usize, bias: usize, wT: usize, uT: usize,
  xT: usize, gates: usize, hs: usize, cs: usize, tcs: usize, y: usize,
): void {
  const G = 4 * H;
  const N = T * Bp;
  transposeIn(x, B, T, F, Bp, xT);
  transposeMatrix(w, F, G, wT);
  transposeMatrix(u, H, G, uT);
  // The input projection of every step in one product, on top of the bias.
  for (let j = 0; j < G; j++) {
    const row = gates + ((<usize>j * N) << 2);
    const bj = f32x4.splat(load<f32>(bias + (<usize>j << 2)));
    for (let n = 0; n < N; n += 4) v128.store(row + (<usize>n << 2), bj);
  }
  gemmNN(G, N, F, wT, F, xT, N, gates, N, true);
  const ldh = N + Bp;
  for (let k = 0; k < H; k++) {
    memory.fill(hs + ((<usize>k * ldh) << 2), 0, <usize>Bp << 2);
    memory.fill(cs + ((<usize>k * ldh) << 2), 0, <usize>Bp << 2);
  }
  for (let t = 0; t < T; t++) {
    const col = <usize>(t * Bp) << 2;
    gemmNN(G, Bp, H, uT, H, hs + col, ldh, gates + col, N, true);
    cellForward(H, Bp, N, gates + col, hs + col, cs + col, tcs + col);
  }
  if (allSteps) transposeOut(hs + (<usize>Bp << 2), ldh, B, T, H, Bp, y);
  else transposeOut(hs + (<usize>N << 2), ldh, B, 1, H, Bp, y);
}

/**
 * The forward pass for inference: no state is kept for a backward pass. The input projection is made `S` steps at a
 * time into a gates buffer of [4H, S * Bp] that stays in cache, the cell state rolls between two column blocks of
 * cs [H, 2 * Bp], and tanh(c) is not stored. Each value is computed by the same operations in the same order as in
 * {@link forward}, so y is bit for bit the same. Reads x, w, u, bias; writes y; uses xT, hs [H, N + Bp], wT, uT.
 */
export function infer(
  B: i32, T: i32, F: i32, H: i32, Bp: i32, S: i32, allSteps: bool,
  x: usize, w: usize, u: usize, bias: usize, wT: usize, uT: usize,
  xT: usize, gates: usize, hs: usize, cs: usize, y: usize,
): void {
  const G = 4 * H;
  const N = T * Bp;
  const ldg = S * Bp;
  transposeIn(x, B, T, F, Bp, xT);
  transposeMatrix(w, F, G, wT);
  transposeMatrix(u, H, G, uT);
  const ldh = N + Bp;
  for (let k = 0; k < H; k++) {
    memory.fill(hs + ((<usize>k * ldh) << 2), 0, <usize>Bp << 2);
    memory.fill(cs + ((<usize>k * 2 * Bp) << 2), 0, <usize>Bp << 2);
  }
  for (let t0 = 0; t0 < T; t0 += S) {
    const cols = min(S, T - t0) * Bp;
    for (let j = 0; j < G; j++) {
      const row = gates + ((<usize>j * ldg) << 2);
      const bj = f32x4.splat(load<f32>(bias + (<usize>j << 2)));
      for (let n = 0; n < cols; n += 4) v128.store(row + (<usize>n << 2), bj);
    }
    gemmNN(G, cols, F, wT, F, xT + (<usize>(t0 * Bp) << 2), N, gates, ldg, true);
    for (let t = t0; t < t0 + cols / Bp; t++) {
      const g = gates + (<usize>((t - t0) * Bp) << 2);
      const h = hs + (<usize>(t * Bp) << 2);
      gemmNN(G, Bp, H, uT, H, h, ldh, g, ldg, true);
      cellInfer(H, Bp, ldg, ldh, g, h, cs + (<usize>((t & 1) * Bp) << 2), cs + (<usize>(((t + 1) & 1) * Bp) << 2));
    }
  }
  if (allSteps) transposeOut(hs + (<usize>Bp << 2), ldh, B, T, H, Bp, y);
  else transposeOut(hs + (<usize>N << 2), ldh, B, 1, H, Bp, y);
}

/** {@link cellForward} for inference: gates rows of `ldg`, the cell state from `c` to `cNext` (rows of 2 * Bp). */
function cellInfer(H: i32, Bp: i32, ldg: i32, ldh: i32, g: usize, h: usize, c: usize, cNext: usize): void {
  const rowG = <usize>ldg << 2;
  const rowH = <usize>ldh << 2;
  const rowC = <usize>(2 * Bp) << 2;
  const next = <usize>Bp << 2;
  for (let k = 0; k < H; k++) {
    const gi = g + <usize>k * rowG;
    const gf = gi + <usize>H * rowG;
    const gg = gf + <usize>H * rowG;
    const go = gg + <usize>H * rowG;
    const hk = h + <usize>k * rowH + next;
    const ck = c + <usize>k * rowC;
    const nk = cNext + <usize>k * rowC;
    for (let b: usize = 0; b < next; b += 16) {
      const i = sigmoid4(v128.load(gi + b));
      const f = sigmoid4(v128.load(gf + b));
      const z = tanh4(v128.load(gg + b));
      const o = sigmoid4(v128.load(go + b));
      const cell = f32x4.add(f32x4.mul(f, v128.load(ck + b)), f32x4.mul(i, z));
      v128.store(nk + b, cell);
      v128.store(hk + b, f32x4.mul(o, tanh4(cell)));
    }
  }
}

/** One step's gates, cell and hidden state for the columns at `g` (gates), `h` and `c` (state before the step). */
function cellForward(H: i32, Bp: i32, N: i32, g: usize, h: usize, c: usize, tc: usize): void {
  const rowG = <usize>N << 2;
  const rowH = <usize>(N + Bp) << 2;
  const next = <usize>Bp << 2;
  for (let k = 0; k < H; k++) {
    const gi = g + <usize>k * rowG;
    const gf = gi + <usize>H * rowG;
    const gg = gf + <usize>H * rowG;
    const go = gg + <usize>H * rowG;
    const hk = h + <usize>k * rowH + next;
    const ck = c + <usize>k * rowH;
    const tk = tc + <usize>k * rowG;
    for (let b: usize = 0; b < next; b += 16) {
      const i = sigmoid4(v128.load(gi + b));
      const f = sigmoid4(v128.load(gf + b));
      const z = tanh4(v128.load(gg + b));
      const o = sigmoid4(v128.load(go + b));
      const cell = f32x4.add(f32x4.mul(f, v128.load(ck + b)), f32x4.mul(i, z));
      const t = tanh4(cell);
      v128.store(gi + b, i);
      v128.store(gf + b, f);
      v128.store(gg + b, z);
      v128.store(go + b, o);
      v128.store(ck + next + b, cell);
      v128.store(tk + b, t);
      v128.store(hk + b, f32x4.mul(o, t));
    }
  }
}

/**
 * Backpropagation through time after {@link forward} on the same buffers. Reads dy (the shape of y) and writes
 * dx [B, T, F], dW [F, 4H], dU [H, 4H] and db [4H]. Overwrites the gates with their gradients and xT with dx's
 * transpose, so a second backward needs a fresh forward.
 */
export function backward(
  B: i32, T: i32, F: i32, H: i32, Bp: i32, allSteps: bool,
  w: usize, u: usize, xT: usize, gates: usize, hs: usize, cs: usize, tcs: usize,
  dy: usize, dyT: usize, dh: usize, dc: usize, dW: usize, dU: usize, db: usize, dx: usize,
): void {
  const G = 4 * H;
  const N = T * Bp;
  const ldh = N + Bp;
  if (allSteps) {
    transposeIn(dy, B, T, H, Bp, dyT);
  } else {
    for (let k = 0; k < H; k++) memory.fill(dyT + ((<usize>k * N) << 2), 0, <usize>N << 2);
    transposeIn(dy, B, 1, H, Bp, dyT + ((<usize>(N - Bp)) << 2), N);
  }
  memory.fill(dh, 0, <usize>(H * Bp) << 2);
  memory.fill(dc, 0, <usize>(H * Bp) << 2);
  for (let t = T - 1; t >= 0; t--) {
    const col = <usize>(t * Bp) << 2;
    cellBackward(H, Bp, N, gates + col, cs + col, tcs + col, dyT + col, dh, dc);
    if (t > 0) gemmNN(H, Bp, G, u, G, gates + col, N, dh, Bp, false);
  }
  gemmNT(F, G, N, xT, N, gates, N, dW, G, false);
  gemmNT(H, G, N, hs, ldh, gates, N, dU, G, false);
  for (let j = 0; j < G; j++) {
    const row = gates + ((<usize>j * N) << 2);
    let acc = f32x4.splat(0);
    for (let n = 0; n < N; n += 4) acc = f32x4.add(acc, v128.load(row + (<usize>n << 2)));
    store<f32>(db + (<usize>j << 2), f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  }
  gemmNN(F, N, G, w, G, gates, N, xT, N, false);
  transposeOut(xT, N, B, T, F, Bp, dx);
}

/** One step back: turns the activated gates at `g` into their gradients; updates dh (plus dyT) and dc in place. */
function cellBackward(H: i32, Bp: i32, N: i32, g: usize, c: usize, tc: usize, dyT: usize, dh: usize, dc: usize): void {
  const rowG = <usize>N << 2;
  const rowH = <usize>(N + Bp) << 2;
  const next = <usize>Bp << 2;
  const one = f32x4.splat(1);
  for (let k = 0; k < H; k++) {
    const gi = g + <usize>k * rowG;
    const gf = gi + <usize>H * rowG;
    const gg = gf + <usize>H * rowG;
    const go = gg + <usize>H * rowG;
    const ck = c + <usize>k * rowH;
    const tk = tc + <usize>k * rowG;
    const yk = dyT + <usize>k * rowG;
    const hk = dh + <usize>k * next;
    const dk = dc + <usize>k * next;
    for (let b: usize = 0; b < next; b += 16) {
      const i = v128.load(gi + b);
      const f = v128.load(gf + b);
      const z = v128.load(gg + b);
      const o = v128.load(go + b);
      const t = v128.load(tk + b);
      const dhv = f32x4.add(v128.load(hk + b), v128.load(yk + b));
      const dcv = f32x4.add(v128.load(dk + b), f32x4.mul(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(t, t))));
      v128.store(go + b, f32x4.mul(f32x4.mul(dhv, t), f32x4.mul(o, f32x4.sub(one, o))));
      v128.store(gi + b, f32x4.mul(f32x4.mul(dcv, z), f32x4.mul(i, f32x4.sub(one, i))));
      v128.store(gf + b, f32x4.mul(f32x4.mul(dcv, v128.load(ck + b)), f32x4.mul(f, f32x4.sub(one, f))));
      v128.store(gg + b, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(z, z))));
      v128.store(dk + b, f32x4.mul(dcv, f));
    }
  }
}
