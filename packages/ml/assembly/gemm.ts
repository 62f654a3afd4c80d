// Matrix products over f32x4 for the fused LSTM (AssemblyScript, compiled with --enable simd).
// Row-major matrices; pointers are byte addresses, leading dimensions count floats.
// Layout rule of every caller: the vectorised dimension (N in gemmNN, K in gemmNT) is a multiple of 4.

/** Floats of K per cache block in gemmNT: 2 rows of A and 4 of B, 512 floats each, stay in L1/L2. */
const KC: i32 = 512;

/** C[M x N] (+)= A[M x K] . B[K x N]. N is a multiple of 4. */
export function gemmNN(M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool): void {
  const sa = <usize>lda << 2;
  const sb = <usize>ldb << 2;
  const sc = <usize>ldc << 2;
  let j = 0;
  // Columns outside, rows inside: the K x 8 panel of B stays in L1 while every row block of A passes over it.
  for (; j + 8 <= N; j += 8) {
    const bj = b + (<usize>j << 2);
    const cj = c + (<usize>j << 2);
    let i = 0;
    for (; i + 4 <= M; i += 4) block4x8(K, a + <usize>i * sa, sa, bj, sb, cj + <usize>i * sc, sc, accumulate);
    for (; i < M; i++) block1x8(K, a + <usize>i * sa, bj, sb, cj + <usize>i * sc, accumulate);
  }
  if (j < N) {
    const bj = b + (<usize>j << 2);
    const cj = c + (<usize>j << 2);
    let i = 0;
    for (; i + 4 <= M; i += 4) block4x4(K, a + <usize>i * sa, sa, bj, sb, cj + <usize>i * sc, sc, accumulate);
    for (; i < M; i++) block1x4(K, a + <usize>i * sa, bj, sb, cj + <usize>i * sc, accumulate);
  }
}

@inline function start(c: usize, accumulate: bool): v128 {
  return accumulate ? v128.load(c) : f32x4.splat(0);
}

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function block4x8(K: i32, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool): void {
  let c00 = start(c, accumulate), c01 = start(c + 16, accumulate);
  let c10 = start(c + sc, accumulate), c11 = start(c + sc + 16, accumulate);
  let c20 = start(c + 2 * sc, accumulate), c21 = start(c + 2 * sc + 16, accumulate);
  let c30 = start(c + 3 * sc, accumulate), c31 = start(c + 3 * sc + 16, accumulate);
  let pa = a;
  let pb = b;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    const a1 = v128.load32_splat(pa + sa);
    const a2 = v128.load32_splat(pa + 2 * sa);
    const a3 = v128.load32_splat(pa + 3 * sa);
    c00 = madd(c00, a0, b0); c01 = madd(c01, a0, b1);
    c10 = madd(c10, a1, b0); c11 = madd(c11, a1, b1);
    c20 = madd(c20, a2, b0); c21 = madd(c21, a2, b1);
    c30 = madd(c30, a3, b0); c31 = madd(c31, a3, b1);
    pa += 4;
    pb += sb;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + sc, c10); v128.store(c + sc, c11, 16);
  v128.store(c + 2 * sc, c20); v128.store(c + 2 * sc, c21, 16);
  v128.store(c + 3 * sc, c30); v128.store(c + 3 * sc, c31, 16);
}

@inline function block4x4(K: i32, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, accumulate: bool): void {
  let c0 = start(c, accumulate), c1 = start(c + sc, accumulate), c2 = start(c + 2 * sc, accumulate), c3 = start(c + 3 * sc, accumulate);
  let pa = a;
  let pb = b;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    c0 = madd(c0, v128.load32_splat(pa), b0);
    c1 = madd(c1, v128.load32_splat(pa + sa), b0);
    c2 = madd(c2, v128.load32_splat(pa + 2 * sa), b0);
    c3 = madd(c3, v128.load32_splat(pa + 3 * sa), b0);
    pa += 4;
    pb += sb;
  }
  v128.store(c, c0); v128.store(c + sc, c1); v128.store(c + 2 * sc, c2); v128.store(c + 3 * sc, c3);
}

@inline function block1x8(K: i32, a: usize, b: usize, sb: usize, c: usize, accumulate: bool): void {
  let c0 = start(c, accumulate), c1 = start(c + 16, accumulate);
  let pb = b;
  for (let k = 0; k < K; k++) {
    const ak = v128.load32_splat(a + (<usize>k << 2));
    c0 = madd(c0, ak, v128.load(pb));
    c1 = madd(c1, ak, v128.load(pb, 16));
    pb += sb;
  }
  v128.store(c, c0); v128.store(c, c1, 16);
}

@inline function block1x4(K: i32, a: usize, b: usize, sb: usize, c: usize, accumulate: bool): void {
  let c0 = start(c, accumulate);
  let pb = b;
  for (let k = 0; k < K; k++) {
    c0 = madd(c0, v128.load32_splat(a + (<usize>k << 2)), v128.load(pb));
    pb += sb;
  }
  v128.store(c, c0);
}

/** C[M x N] (+)= A[M x K] . B[N x K]^T: dot products along K, a multiple of 4, taken in cache blocks of KC. */
export function gemmNT(M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool): void {
  const sa = <usize>lda << 2;
  const sb = <usize>ldb << 2;
  const sc = <usize>ldc << 2;
  if (!accumulate) {
    for (let i = 0; i < M; i++) memory.fill(c + <usize>i * sc, 0, <usize>N << 2);
  }
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const off = <usize>k0 << 2;
    let i = 0;
    for (; i + 2 <= M; i += 2) {
      const ai = a + <usize>i * sa + off;
      const ci = c + <usize>i * sc;
      let j = 0;
      for (; j + 4 <= N; j += 4) dot2x4(kc, ai, sa, b + <usize>j * sb + off, sb, ci + (<usize>j << 2), sc);
      for (; j < N; j++) {
        const bj = b + <usize>j * sb + off;
        const cij = ci + (<usize>j << 2);
        store<f32>(cij, load<f32>(cij) + dot(kc, ai, bj));
        store<f32>(cij + sc, load<f32>(cij + sc) + dot(kc, ai + sa, bj));
      }
    }
    for (; i < M; i++) {
      const ai = a + <usize>i * sa + off;
      for (let j = 0; j < N; j++) {
        const cij = c + <usize>i * sc + (<usize>j << 2);
        store<f32>(cij, load<f32>(cij) + dot(kc, ai, b + <usize>j * sb + off));
      }
    }
  }
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline function addTo(c: usize, v: v128): void {
  store<f32>(c, load<f32>(c) + hsum(v));
}

function dot(K: i32, a: usize, b: usize): f32 {
  let acc = f32x4.splat(0);
  const end = a + (<usize>K << 2);
  let pb = b;
  for (let pa = a; pa < end; pa += 16) {
    acc = madd(acc, v128.load(pa), v128.load(pb));
    pb += 16;
  }
  return hsum(acc);
}

function dot2x4(K: i32, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c02 = c00, c03 = c00;
  let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  const bytes = <usize>K << 2;
  for (let k: usize = 0; k < bytes; k += 16) {
    const a0 = v128.load(a + k);
    const a1 = v128.load(a + sa + k);
    const b0 = v128.load(b + k);
    const b1 = v128.load(b + sb + k);
    const b2 = v128.load(b + 2 * sb + k);
    const b3 = v128.load(b + 3 * sb + k);
    c00 = madd(c00, a0, b0); c01 = madd(c01, a0, b1); c02 = madd(c02, a0, b2); c03 = madd(c03, a0, b3);
    c10 = madd(c10, a1, b0); c11 = madd(c11, a1, b1); c12 = madd(c12, a1, b2); c13 = madd(c13, a1, b3);
  }
  addTo(c, c00); addTo(c + 4, c01); addTo(c + 8, c02); addTo(c + 12, c03);
  addTo(c + sc, c10); addTo(c + sc + 4, c11); addTo(c + sc + 8, c12); addTo(c + sc + 12, c13);
}
