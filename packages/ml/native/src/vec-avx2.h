// The vector primitives of the AVX2 kernels (8 lanes, masks as vectors: maskload and maskstore) that kernel-impl.h
// is written over; included inside the namespace of each AVX2 build (kernel-avx2.cc, exact; kernel-avx2-fma.cc, FMA).
typedef __m256 V;
typedef __m256i VMask;
constexpr int LANES = 8;

inline VMask maskOf(int n) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
// A function, not a constant: a static initializer would run AVX2 code at load, on any CPU.
inline VMask fullMask() { return _mm256_set1_epi32(-1); }
inline V vload(VMask m, const float* p) { return _mm256_maskload_ps(p, m); }
inline void vstore(float* p, VMask m, V v) { _mm256_maskstore_ps(p, m, v); }
inline V vset1(float v) { return _mm256_set1_ps(v); }
inline V vzero() { return _mm256_setzero_ps(); }
inline V vadd(V a, V b) { return _mm256_add_ps(a, b); }
inline V vsub(V a, V b) { return _mm256_sub_ps(a, b); }
inline V vmul(V a, V b) { return _mm256_mul_ps(a, b); }
inline V vdiv(V a, V b) { return _mm256_div_ps(a, b); }
inline V vmin(V a, V b) { return _mm256_min_ps(a, b); }
inline V vmax(V a, V b) { return _mm256_max_ps(a, b); }
inline V vfma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }

/** 8 x 8 transpose of the rows r[0..7] in registers. */
inline void transposeTile(V r[8]) {
  V t[8];
  for (int i = 0; i < 4; i++) { t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]); t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]); }
  for (int i = 0; i < 2; i++) {
    r[4 * i + 0] = _mm256_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0x44);
    r[4 * i + 1] = _mm256_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0xEE);
    r[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
    r[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
  }
  for (int i = 0; i < 4; i++) {
    t[i] = _mm256_permute2f128_ps(r[i], r[i + 4], 0x20);
    t[i + 4] = _mm256_permute2f128_ps(r[i], r[i + 4], 0x31);
  }
  for (int i = 0; i < 8; i++) r[i] = t[i];
}
