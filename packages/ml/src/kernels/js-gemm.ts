/** Matrix products over one Float32Array for the fused LSTM's TypeScript fallback. Offsets count floats. */

/** C[M x N] (+)= A[M x K] . B[K x N], row-major with leading dimensions lda, ldb, ldc. */
export function gemmNN(m: Float32Array, M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    const ci = c + i * ldc;
    if (!accumulate) m.fill(0, ci, ci + N);
    for (let k = 0; k < K; k++) {
      const aik = m[a + i * lda + k]!;
      const bk = b + k * ldb;
      for (let j = 0; j < N; j++) m[ci + j] += aik * m[bk + j]!;
    }
  }
}

/** C[M x N] (+)= A[M x K] . B[N x K]^T. */
export function gemmNT(m: Float32Array, M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    const ai = a + i * lda;
    for (let j = 0; j < N; j++) {
      const bj = b + j * ldb;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += m[ai + k]! * m[bj + k]!;
      const cij = c + i * ldc + j;
      m[cij] = accumulate ? m[cij]! + sum : sum;
    }
  }
}

/** dst[f, t * Bp + b] = src[b, t, f], zeros in the padding lanes; `ldd` is dst's row stride (T * Bp when 0). */
export function transposeIn(m: Float32Array, src: number, B: number, T: number, F: number, Bp: number, dst: number, ldd = 0): void {
  const row = ldd > 0 ? ldd : T * Bp;
  for (let f = 0; f < F; f++) {
    for (let t = 0; t < T; t++) {
      const to = dst + f * row + t * Bp;
      for (let b = 0; b < B; b++) m[to + b] = m[src + (b * T + t) * F + f]!;
      m.fill(0, to + B, to + Bp);
    }
  }
}

/** dst[b, t, f] = src[f, t * Bp + b] for b < B; `lds` is src's row stride. */
export function transposeOut(m: Float32Array, src: number, lds: number, B: number, T: number, F: number, Bp: number, dst: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const to = dst + (b * T + t) * F;
      for (let f = 0; f < F; f++) m[to + f] = m[src + f * lds + t * Bp + b]!;
    }
  }
}

/** dst[C x R] = src[R x C]^T. */
export function transposeMatrix(m: Float32Array, src: number, R: number, C: number, dst: number): void {
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) m[dst + c * R + r] = m[src + r * C + c]!;
}
