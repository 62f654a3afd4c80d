// Moves between the batch-major layout of tensors ([B, T, F]) and the feature-major, batch-padded layout the
// kernels compute in ([F, T * Bp]).

/**
 * dst[f, t * Bp + b] = src[b, t, f], with zeros in the padding lanes b >= B. `ldd` is dst's row stride in floats
 * (T * Bp when 0).
 */
export function transposeIn(src: usize, B: i32, T: i32, F: i32, Bp: i32, dst: usize, ldd: i32 = 0): void {
  const row = <usize>(ldd > 0 ? ldd : T * Bp) << 2;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = src + (<usize>((b * T + t) * F) << 2);
      const to = dst + (<usize>(t * Bp + b) << 2);
      for (let f = 0; f < F; f++) store<f32>(to + <usize>f * row, load<f32>(from + (<usize>f << 2)));
    }
  }
  if (B == Bp) return;
  for (let f = 0; f < F; f++) {
    for (let t = 0; t < T; t++) memory.fill(dst + <usize>f * row + (<usize>(t * Bp + B) << 2), 0, <usize>(Bp - B) << 2);
  }
}

/** dst[b, t, f] = src[f, t * Bp + b] for b < B; `lds` is src's row stride in floats. */
export function transposeOut(src: usize, lds: i32, B: i32, T: i32, F: i32, Bp: i32, dst: usize): void {
  const row = <usize>lds << 2;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = src + (<usize>(t * Bp + b) << 2);
      const to = dst + (<usize>((b * T + t) * F) << 2);
      for (let f = 0; f < F; f++) store<f32>(to + (<usize>f << 2), load<f32>(from + <usize>f * row));
    }
  }
}

/** dst[C x R] = src[R x C]^T. */
export function transposeMatrix(src: usize, R: i32, C: i32, dst: usize): void {
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) store<f32>(dst + (<usize>(c * R + r) << 2), load<f32>(src + (<usize>(r * C + c) << 2)));
  }
}
