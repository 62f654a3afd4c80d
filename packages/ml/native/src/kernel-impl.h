// The fused LSTM kernels, written once over a vector of LANES floats: vec-avx512.h (16 lanes) and vec-avx2.h (8
// lanes) define V (the vector), VMask (a lane mask), LANES, fullMask(), maskOf, vload/vstore (masked: lanes outside
// the mask read as zero and are not written), vset1, vzero, vadd, vsub, vmul, vdiv, vmin, vmax (x86 semantics: the
// second operand when either is NaN), vfma and transposeTile (LANES rows in registers). Each kernel-*.cc sets
// FUSED, includes its vec-*.h and then this file inside its own namespace.
//
// FUSED false (exact): every value is computed by the same IEEE operations in the same order as the WebAssembly
// kernel (assembly/*.ts), only more lanes at once: products and sums stay separate (no FMA, and binding.gyp builds
// with -ffp-contract=off so the compiler fuses none), each matrix product sums its k terms in the same order, and
// the weight gradients keep the WebAssembly kernel's four partial sums per 512-term block.
//
// FUSED true: the matrix products and the activations' polynomials fuse each product into its sum (vfma, one
// rounding where the exact kernel has two): a core with two FMA pipes and no separate adder (Intel's AVX-512 server
// cores) does twice the work a cycle. The weight gradients sum each element's terms in one chain in k order, which
// frees their register blocking from the four partial sums. Every element's operations and their order still do not
// depend on LANES or on the blocking, so the AVX2 and AVX-512 FMA builds agree bit for bit.

namespace {


inline V madd(V acc, V a, V b) {
  if constexpr (FUSED) return vfma(a, b, acc);
  else return vadd(acc, vmul(a, b));
}

// ---- C[M x N] (+)= A[M x K] . B[K x N] --------------------------------------------------------------------------
// Register block of R rows by NV vectors of LANES columns; `last` masks the last vector's columns. The accumulators
// are named variables, not an array: GCC keeps an array of vectors in memory and stores it on every k.
#define SEQ_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
template <int R, int NV>
inline void nnBlock(int K, const float* a, long lda, const float* b, long ldb, float* c, long ldc, bool accumulate, VMask last) {
  const VMask m0 = NV == 1 ? last : fullMask(), m1 = last;
#define SEQ_DECL(r) \
  V c##r##0 = vzero(), c##r##1 = vzero(); \
  if constexpr (R > r) { \
    if (accumulate) { \
      c##r##0 = vload(m0, c + r * ldc); \
      if constexpr (NV > 1) c##r##1 = vload(m1, c + r * ldc + LANES); \
    } \
  }
  SEQ_ROWS(SEQ_DECL)
#undef SEQ_DECL
  for (int k = 0; k < K; k++) {
    const V b0 = vload(m0, b + k * ldb);
    const V b1 = NV > 1 ? vload(m1, b + k * ldb + LANES) : b0;
#define SEQ_STEP(r) \
    if constexpr (R > r) { \
      const V av = vset1(a[r * lda + k]); \
      c##r##0 = madd(c##r##0, av, b0); \
      if constexpr (NV > 1) c##r##1 = madd(c##r##1, av, b1); \
    }
    SEQ_ROWS(SEQ_STEP)
#undef SEQ_STEP
  }
#define SEQ_STORE(r) \
  if constexpr (R > r) { \
    vstore(c + r * ldc, m0, c##r##0); \
    if constexpr (NV > 1) vstore(c + r * ldc + LANES, m1, c##r##1); \
  }
  SEQ_ROWS(SEQ_STORE)
#undef SEQ_STORE
}

// C[M x N] = init[i] + A1[M x K1] . B1[K1 x N] + A2[M x K2] . B2[K2 x N], the K1 terms first, then the K2 terms:
// per element the same sums in the same order as filling C with init, then gemmNN with A1, B1, then with A2, B2.
template <int R, int NV>
inline void nn2Block(const float* init, int K1, const float* a1, long lda1, const float* b1, long ldb1, int K2, const float* a2, long lda2, const float* b2, long ldb2,
                     float* c, long ldc, VMask last) {
  const VMask m0 = NV == 1 ? last : fullMask(), m1 = last;
#define SEQ_DECL(r) V c##r##0 = vzero(), c##r##1 = vzero(); if constexpr (R > r) { c##r##0 = vset1(init[r]); c##r##1 = c##r##0; }
  SEQ_ROWS(SEQ_DECL)
#undef SEQ_DECL
#define SEQ_STEP(r, A, LDA) \
    if constexpr (R > r) { \
      const V av = vset1(A[r * LDA + k]); \
      c##r##0 = madd(c##r##0, av, b0); \
      if constexpr (NV > 1) c##r##1 = madd(c##r##1, av, b1v); \
    }
#define SEQ_STEP1(r) SEQ_STEP(r, a1, lda1)
#define SEQ_STEP2(r) SEQ_STEP(r, a2, lda2)
  for (int k = 0; k < K1; k++) {
    const V b0 = vload(m0, b1 + k * ldb1);
    const V b1v = NV > 1 ? vload(m1, b1 + k * ldb1 + LANES) : b0;
    SEQ_ROWS(SEQ_STEP1)
  }
  for (int k = 0; k < K2; k++) {
    const V b0 = vload(m0, b2 + k * ldb2);
    const V b1v = NV > 1 ? vload(m1, b2 + k * ldb2 + LANES) : b0;
    SEQ_ROWS(SEQ_STEP2)
  }
#undef SEQ_STEP1
#undef SEQ_STEP2
#undef SEQ_STEP
#define SEQ_STORE(r) \
  if constexpr (R > r) { \
    vstore(c + r * ldc, m0, c##r##0); \
    if constexpr (NV > 1) vstore(c + r * ldc + LANES, m1, c##r##1); \
  }
  SEQ_ROWS(SEQ_STORE)
#undef SEQ_STORE
}

// Rows of the register blocks of the products with B [K x N]: 2R accumulators beside two vectors of B and a
// broadcast fit AVX-512's 32 registers with 8, AVX2's 16 with 6 (8 spilled). Per element the sums do not depend on it.
constexpr int NN_ROWS = LANES == 16 ? 8 : 6;

template <int NV>
inline void nn2Rows(int rows, const float* init, int K1, const float* a1, long lda1, const float* b1, long ldb1, int K2, const float* a2, long lda2, const float* b2, long ldb2, float* c, long ldc, VMask last) {
  switch (rows) {
#define SEQ_CASE(r) case r: nn2Block<r, NV>(init, K1, a1, lda1, b1, ldb1, K2, a2, lda2, b2, ldb2, c, ldc, last); break;
    SEQ_CASE(1) SEQ_CASE(2) SEQ_CASE(3) SEQ_CASE(4) SEQ_CASE(5) SEQ_CASE(6) SEQ_CASE(7)
#undef SEQ_CASE
    default: nn2Block<8, NV>(init, K1, a1, lda1, b1, ldb1, K2, a2, lda2, b2, ldb2, c, ldc, last); break;
  }
}

/** One step's gate pre-activations: bias + wT . x_t + uT . h_{t-1}, over the Bp columns of the step. */
void stepGates(int G, int Bp, const float* bias, int F, const float* wT, const float* xT, long ldx, int H, const float* uT, const float* h, long ldh, float* g, long ldg) {
  for (int j = 0; j < Bp; j += 2 * LANES) {
    const int cols = std::min(2 * LANES, Bp - j);
    for (int i = 0; i < G; i += NN_ROWS) {
      const int rows = std::min(NN_ROWS, G - i);
      if (cols > LANES) nn2Rows<2>(rows, bias + i, F, wT + (long)i * F, F, xT + j, ldx, H, uT + (long)i * H, H, h + j, ldh, g + (long)i * ldg + j, ldg, maskOf(cols - LANES));
      else nn2Rows<1>(rows, bias + i, F, wT + (long)i * F, F, xT + j, ldx, H, uT + (long)i * H, H, h + j, ldh, g + (long)i * ldg + j, ldg, maskOf(cols));
    }
  }
}

template <int NV>
inline void nnRows(int rows, int K, const float* a, long lda, const float* b, long ldb, float* c, long ldc, bool accumulate, VMask last) {
  switch (rows) {
    case 1: nnBlock<1, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    case 2: nnBlock<2, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    case 3: nnBlock<3, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    case 4: nnBlock<4, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    case 5: nnBlock<5, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    case 6: nnBlock<6, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    case 7: nnBlock<7, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
    default: nnBlock<8, NV>(K, a, lda, b, ldb, c, ldc, accumulate, last); break;
  }
}

void gemmNN(int M, int N, int K, const float* a, long lda, const float* b, long ldb, float* c, long ldc, bool accumulate) {
  // Columns outside, rows inside: the K x 32 panel of B stays in L1 while every row block of A passes over it.
  for (int j = 0; j < N; j += 2 * LANES) {
    const int cols = std::min(2 * LANES, N - j);
    for (int i = 0; i < M; i += NN_ROWS) {
      const int rows = std::min(NN_ROWS, M - i);
      const float* ai = a + (long)i * lda;
      float* ci = c + (long)i * ldc + j;
      if (cols > LANES) nnRows<2>(rows, K, ai, lda, b + j, ldb, ci, ldc, accumulate, maskOf(cols - LANES));
      else nnRows<1>(rows, K, ai, lda, b + j, ldb, ci, ldc, accumulate, maskOf(cols));
    }
  }
}

// ---- C[M x N] (+)= A[M x K] . B[N x K]^T, with B given transposed (bT [K x N]) ----------------------------------
// The WebAssembly kernel sums each dot product in blocks of KC terms, each block as four partial sums (term k goes
// to sum k mod 4), added as ((s0 + s1) + s2) + s3 onto C. Here the lanes are LANES columns of C, and each
// column keeps its own four partial sums.
constexpr int KC = 512;

// R rows of C by 2 * LANES columns (two vectors, masks m0 and m1), each column with its four partial sums: 8R accumulators.
template <int R>
inline void ntBlock(int kc, const float* a, long lda, const float* bT, long ldb, float* c, long ldc, VMask m0, VMask m1) {
#define SEQ_DECL(r) V s##r##0 = vzero(), s##r##1 = s##r##0, s##r##2 = s##r##0, s##r##3 = s##r##0, \
                      u##r##0 = s##r##0, u##r##1 = s##r##0, u##r##2 = s##r##0, u##r##3 = s##r##0;
  SEQ_ROWS(SEQ_DECL)
#undef SEQ_DECL
  for (int k = 0; k < kc; k += 4) {
#define SEQ_LANE(l) \
    { \
      const V b0 = vload(m0, bT + (long)(k + l) * ldb); \
      const V b1 = vload(m1, bT + (long)(k + l) * ldb + LANES); \
      SEQ_ROWS(SEQ_STEP##l) \
    }
#define SEQ_STEP(r, l) \
    if constexpr (R > r) { \
      const V av = vset1(a[r * lda + k + l]); \
      s##r##l = madd(s##r##l, av, b0); \
      u##r##l = madd(u##r##l, av, b1); \
    }
#define SEQ_STEP0(r) SEQ_STEP(r, 0)
#define SEQ_STEP1(r) SEQ_STEP(r, 1)
#define SEQ_STEP2(r) SEQ_STEP(r, 2)
#define SEQ_STEP3(r) SEQ_STEP(r, 3)
    SEQ_LANE(0) SEQ_LANE(1) SEQ_LANE(2) SEQ_LANE(3)
#undef SEQ_LANE
#undef SEQ_STEP
#undef SEQ_STEP0
#undef SEQ_STEP1
#undef SEQ_STEP2
#undef SEQ_STEP3
  }
#define SEQ_STORE(r) \
  if constexpr (R > r) { \
    float* cr = c + r * ldc; \
    const V s = vadd(vadd(vadd(s##r##0, s##r##1), s##r##2), s##r##3); \
    const V u = vadd(vadd(vadd(u##r##0, u##r##1), u##r##2), u##r##3); \
    vstore(cr, m0, vadd(vload(m0, cr), s)); \
    vstore(cr + LANES, m1, vadd(vload(m1, cr + LANES), u)); \
  }
  SEQ_ROWS(SEQ_STORE)
#undef SEQ_STORE
}

// The gate gradients transposed, panel by panel: panel p holds the w = min(PANEL, G - p * PANEL) gates from
// p * PANEL as [N x w] at p * PANEL * N, so the block of K rows a product reads is one contiguous run (a row-major
// [N x G] puts its rows a few cache sets apart, and they leave L1 between row blocks).
constexpr int PANEL = 2 * LANES;
inline int panelWidth(int G, int j) { return std::min(PANEL, G - j); }

/** One product of gemmNTp: C[M x G] (row stride ldc) = A[M x K] (row stride lda) . P^T. */
struct NtRows {
  int M;
  const float* a;
  long lda;
  float* c;
  long ldc;
};

/**
 * For each of the `count` products, C[M x G] = A[M x K] . P^T, P [K x G] panel-major as above: per element the
 * WebAssembly kernel's sums (blocks of KC terms, each as four partial sums). The products share each block of P
 * while it is in cache (the weight gradients dW and dU read the same gate gradients).
 */
void gemmNTp(const NtRows* sets, int count, int G, int K, const float* p) {
  for (int s = 0; s < count; s++) {
    for (int i = 0; i < sets[s].M; i++) std::memset(sets[s].c + (long)i * sets[s].ldc, 0, sizeof(float) * G);
  }
  for (int j = 0; j < G; j += PANEL) {
    const VMask m0 = maskOf(G - j), m1 = G - j > LANES ? maskOf(G - j - LANES) : maskOf(0);
    const int w = panelWidth(G, j);
    const float* panel = p + (long)j * K;
    for (int k0 = 0; k0 < K; k0 += KC) {
      const int kc = std::min(KC, K - k0);
      const float* bj = panel + (long)k0 * w;
      for (int s = 0; s < count; s++) {
        const int M = sets[s].M;
        const long lda = sets[s].lda, ldc = sets[s].ldc;
        const float* a = sets[s].a;
        float* c = sets[s].c;
        int i = 0;
        for (; i + 3 <= M; i += 3) ntBlock<3>(kc, a + (long)i * lda + k0, lda, bj, w, c + (long)i * ldc + j, ldc, m0, m1);
        if (M - i == 2) ntBlock<2>(kc, a + (long)i * lda + k0, lda, bj, w, c + (long)i * ldc + j, ldc, m0, m1);
        else if (M - i == 1) ntBlock<1>(kc, a + (long)i * lda + k0, lda, bj, w, c + (long)i * ldc + j, ldc, m0, m1);
      }
    }
  }
}

// FUSED: R rows of C by 2 * LANES columns, one accumulator each, continuing C's values over kc more terms in k
// order. Per element the chain c = fma(a_k, b_k, c) runs over k = 0 .. K-1 whatever the blocks, R or LANES.
#define SEQ_ROWS12(X) SEQ_ROWS(X) X(8) X(9) X(10) X(11)
template <int R>
inline void ntFusedBlock(int kc, const float* a, long lda, const float* bT, long ldb, float* c, long ldc, VMask m0, VMask m1) {
#define SEQ_DECL(r) V s##r = vzero(), u##r = s##r; if constexpr (R > r) { s##r = vload(m0, c + r * ldc); u##r = vload(m1, c + r * ldc + LANES); }
  SEQ_ROWS12(SEQ_DECL)
#undef SEQ_DECL
  for (int k = 0; k < kc; k++) {
    const V b0 = vload(m0, bT + (long)k * ldb);
    const V b1 = vload(m1, bT + (long)k * ldb + LANES);
#define SEQ_STEP(r) \
    if constexpr (R > r) { \
      const V av = vset1(a[r * lda + k]); \
      s##r = vfma(av, b0, s##r); \
      u##r = vfma(av, b1, u##r); \
    }
    SEQ_ROWS12(SEQ_STEP)
#undef SEQ_STEP
  }
#define SEQ_STORE(r) if constexpr (R > r) { vstore(c + r * ldc, m0, s##r); vstore(c + r * ldc + LANES, m1, u##r); }
  SEQ_ROWS12(SEQ_STORE)
#undef SEQ_STORE
}

// Rows per block: 2R accumulators, two vectors of B and a broadcast within the registers (32 on AVX-512, 16 on AVX2).
constexpr int NT_ROWS = LANES == 16 ? 12 : 6;

template <int R>
inline void ntFusedRows(int rows, int kc, const float* a, long lda, const float* bT, long ldb, float* c, long ldc, VMask m0, VMask m1) {
  if constexpr (R > 1) {
    if (rows < R) return ntFusedRows<R - 1>(rows, kc, a, lda, bT, ldb, c, ldc, m0, m1);
  }
  ntFusedBlock<R>(kc, a, lda, bT, ldb, c, ldc, m0, m1);
}

/**
 * FUSED: for each product, C[M x G] += A[M x K] . P^T (P panel-major as gemmNTp's), each element's K terms in one
 * chain after C's value; in blocks of KF terms, so that the panel's block (KF x 32 floats) stays in L1.
 */
constexpr int KF = 256;
void gemmNTpFused(const NtRows* sets, int count, int G, int K, const float* p) {
  for (int j = 0; j < G; j += PANEL) {
    const VMask m0 = maskOf(G - j), m1 = G - j > LANES ? maskOf(G - j - LANES) : maskOf(0);
    const int w = panelWidth(G, j);
    const float* panel = p + (long)j * K;
    for (int k0 = 0; k0 < K; k0 += KF) {
      const int kc = std::min(KF, K - k0);
      for (int s = 0; s < count; s++) {
        const NtRows& r = sets[s];
        for (int i = 0; i < r.M; i += NT_ROWS) {
          ntFusedRows<NT_ROWS>(std::min(NT_ROWS, r.M - i), kc, r.a + (long)i * r.lda + k0, r.lda, panel + (long)k0 * w, w, r.c + (long)i * r.ldc + j, r.ldc, m0, m1);
        }
      }
    }
  }
}

/** dst[C x R] = src[R x C]^T for a block of src with row stride lds, into dst with row stride ldd: LANES x LANES tiles in registers. */
void transposeBlock(const float* src, int R, int C, long lds, float* dst, long ldd) {
  V r[LANES];
  for (int r0 = 0; r0 < R; r0 += LANES) {
    const int rows = std::min(LANES, R - r0);
    const VMask rowMask = maskOf(rows);
    for (int c0 = 0; c0 < C; c0 += LANES) {
      const int cols = std::min(LANES, C - c0);
      const VMask colMask = maskOf(cols);
      for (int i = 0; i < LANES; i++) r[i] = i < rows ? vload(colMask, src + (long)(r0 + i) * lds + c0) : vzero();
      transposeTile(r);
      for (int j = 0; j < cols; j++) vstore(dst + (long)(c0 + j) * ldd + r0, rowMask, r[j]);
    }
  }
}

// ---- Layout moves (assembly/transpose.ts) ------------------------------------------------------------------------
void transposeIn(const float* src, int B, int T, int F, int Bp, float* dst, long ldd) {
  const long row = ldd > 0 ? ldd : (long)T * Bp;
  // Step by step: the B x F matrix of step t (rows T * F apart) into F x B (rows `row` apart), in tiles.
  for (int t = 0; t < T; t++) transposeBlock(src + (long)t * F, B, F, (long)T * F, dst + (long)t * Bp, row);
  if (B == Bp) return;
  for (int f = 0; f < F; f++)
    for (int t = 0; t < T; t++) std::memset(dst + f * row + (long)t * Bp + B, 0, sizeof(float) * (Bp - B));
}

void transposeOut(const float* src, long lds, int B, int T, int F, int Bp, float* dst) {
  for (int t = 0; t < T; t++) transposeBlock(src + (long)t * Bp, F, B, lds, dst + (long)t * F, (long)T * F);
}

// ---- Activations (assembly/activations.ts): the same [13/6] rational tanh, the same f32 constants -------------
// The constants go through double first, as AssemblyScript's f32 literals do.
const float CLAMP = 9.0f;
const float A1 = (float)4.89352455891786e-3, A3 = (float)6.37261928875436e-4, A5 = (float)1.48572235717979e-5;
const float A7 = (float)5.12229709037114e-8, A9 = (float)-8.60467152213735e-11, A11 = (float)2.00018790482477e-13;
const float A13 = (float)-2.76076847742355e-16;
const float B0 = (float)4.89352518554385e-3, B2 = (float)2.268434632439e-3, B4 = (float)1.18534705686654e-4, B6 = (float)1.19825839466702e-6;

inline V splat(float v) { return vset1(v); }
inline V fmaC(V a, V b, float c) {
  if constexpr (FUSED) return vfma(a, b, splat(c));
  else return vadd(vmul(a, b), splat(c));
}

// wasm's f32x4.min and max return NaN when either lane is NaN; x86's return the second operand, so the constant
// goes first and a NaN input comes through.
inline V tanhV(V v) {
  const V x = vmin(splat(CLAMP), vmax(splat(-CLAMP), v));
  const V x2 = vmul(x, x);
  V p = fmaC(x2, splat(A13), A11);
  p = fmaC(p, x2, A9);
  p = fmaC(p, x2, A7);
  p = fmaC(p, x2, A5);
  p = fmaC(p, x2, A3);
  p = fmaC(p, x2, A1);
  p = vmul(p, x);
  V q = fmaC(x2, splat(B6), B4);
  q = fmaC(q, x2, B2);
  q = fmaC(q, x2, B0);
  return vdiv(p, q);
}

inline V sigmoidV(V v) {
  const V half = splat(0.5f);
  return vadd(half, vmul(half, tanhV(vmul(half, v))));
}

inline V ld(const float* p, VMask k) { return vload(k, p); }
inline void st(float* p, VMask k, V v) { vstore(p, k, v); }

/** One step's gates, cell and hidden state; gates rows of ldg, h and c rows of ldh, cNext and tc where given. */
void cellForward(int H, int Bp, long ldg, long ldh, long ldc, long ldt, float* g, float* h, const float* c, float* cNext, float* tc, bool keep) {
  for (int k = 0; k < H; k++) {
    float* gi = g + k * ldg;
    float* gf = gi + H * ldg;
    float* gg = gf + H * ldg;
    float* go = gg + H * ldg;
    float* hk = h + k * ldh + Bp;
    const float* ck = c + k * ldc;
    float* nk = cNext + k * ldc;
    float* tk = keep ? tc + k * ldt : nullptr;
    for (int b = 0; b < Bp; b += LANES) {
      const VMask m = maskOf(Bp - b);
      const V i = sigmoidV(ld(gi + b, m));
      const V f = sigmoidV(ld(gf + b, m));
      const V z = tanhV(ld(gg + b, m));
      const V o = sigmoidV(ld(go + b, m));
      const V cell = vadd(vmul(f, ld(ck + b, m)), vmul(i, z));
      const V t = tanhV(cell);
      if (keep) {
        st(gi + b, m, i);
        st(gf + b, m, f);
        st(gg + b, m, z);
        st(go + b, m, o);
        st(tk + b, m, t);
      }
      st(nk + b, m, cell);
      st(hk + b, m, vmul(o, t));
    }
  }
}

void cellBackward(int H, int Bp, long N, float* g, long ldg, const float* c, const float* tc, const float* dyT, float* dh, float* dc) {
  const long ldh = N + Bp;
  const V one = splat(1.0f);
  for (int k = 0; k < H; k++) {
    float* gi = g + k * ldg;
    float* gf = gi + H * ldg;
    float* gg = gf + H * ldg;
    float* go = gg + H * ldg;
    const float* ck = c + k * ldh;
    const float* tk = tc + k * N;
    const float* yk = dyT + k * N;
    float* hk = dh + (long)k * Bp;
    float* dk = dc + (long)k * Bp;
    for (int b = 0; b < Bp; b += LANES) {
      const VMask m = maskOf(Bp - b);
      const V i = ld(gi + b, m), f = ld(gf + b, m), z = ld(gg + b, m), o = ld(go + b, m), t = ld(tk + b, m);
      const V dhv = vadd(ld(hk + b, m), ld(yk + b, m));
      const V dcv = vadd(ld(dk + b, m), vmul(vmul(dhv, o), vsub(one, vmul(t, t))));
      st(go + b, m, vmul(vmul(dhv, t), vmul(o, vsub(one, o))));
      st(gi + b, m, vmul(vmul(dcv, z), vmul(i, vsub(one, i))));
      st(gf + b, m, vmul(vmul(dcv, ld(ck + b, m)), vmul(f, vsub(one, f))));
      st(gg + b, m, vmul(vmul(dcv, i), vsub(one, vmul(z, z))));
      st(dk + b, m, vmul(dcv, f));
    }
  }
}


/** FUSED: db += the step's gate gradients (gP, one step panel-major: K = Bp rows), summed over the batch in order. */
void biasStep(int G, int Bp, const float* gP, float* db) {
  for (int j = 0; j < G; j += LANES) {
    const VMask mask = maskOf(G - j);
    const int j0 = j - j % PANEL, w = panelWidth(G, j0);
    const float* panel = gP + (long)j0 * Bp + j % PANEL;
    V s = ld(db + j, mask);
    for (int b = 0; b < Bp; b++) s = vadd(s, ld(panel + (long)b * w, mask));
    st(db + j, mask, s);
  }
}

// Scratch of the backward pass (the panel-major gate gradients, one step's input gradient); grows, never shrinks;
// one per thread, since an N-API addon can be loaded by several worker threads.
thread_local std::vector<float> scratch;
thread_local std::vector<float> stepScratch;

}  // namespace



void forward(float* m, const LstmCall& c) {
  const int G = 4 * c.H;
  const long N = (long)c.T * c.Bp, ldh = N + c.Bp;
  transposeIn(m + c.x, c.B, c.T, c.F, c.Bp, m + c.xT, 0);
  transposeBlock(m + c.w, c.F, G, G, m + c.wT, c.F);
  transposeBlock(m + c.u, c.H, G, G, m + c.uT, c.H);
  for (int k = 0; k < c.H; k++) {
    std::memset(m + c.hs + k * ldh, 0, sizeof(float) * c.Bp);
    std::memset(m + c.cs + k * ldh, 0, sizeof(float) * c.Bp);
  }
  // The WebAssembly kernel fills the gates with the bias, adds the input projection of every step in one product,
  // then each step's recurrent product; here each step's column block gets all three at once, in the same order.
  for (int t = 0; t < c.T; t++) {
    const long col = (long)t * c.Bp;
    float* g = m + c.gates + (long)t * G * c.Bp;
    stepGates(G, c.Bp, m + c.bias, c.F, m + c.wT, m + c.xT + col, N, c.H, m + c.uT, m + c.hs + col, ldh, g, c.Bp);
    cellForward(c.H, c.Bp, c.Bp, ldh, ldh, N, g, m + c.hs + col, m + c.cs + col, m + c.cs + col + c.Bp, m + c.tcs + col, true);
  }
  if (c.allSteps) transposeOut(m + c.hs + c.Bp, ldh, c.B, c.T, c.H, c.Bp, m + c.y);
  else transposeOut(m + c.hs + N, ldh, c.B, 1, c.H, c.Bp, m + c.y);
}

void infer(float* m, const LstmCall& c) {
  const int G = 4 * c.H;
  const long N = (long)c.T * c.Bp, ldh = N + c.Bp, ldg = (long)c.S * c.Bp, ldc = 2L * c.Bp;
  transposeIn(m + c.x, c.B, c.T, c.F, c.Bp, m + c.xT, 0);
  transposeBlock(m + c.w, c.F, G, G, m + c.wT, c.F);
  transposeBlock(m + c.u, c.H, G, G, m + c.uT, c.H);
  for (int k = 0; k < c.H; k++) {
    std::memset(m + c.hs + k * ldh, 0, sizeof(float) * c.Bp);
    std::memset(m + c.cs + k * ldc, 0, sizeof(float) * c.Bp);
  }
  // One step's gates at a time (the first Bp columns of the gates buffer), computed as in forwardAvx512.
  for (int t = 0; t < c.T; t++) {
    float* h = m + c.hs + (long)t * c.Bp;
    stepGates(G, c.Bp, m + c.bias, c.F, m + c.wT, m + c.xT + (long)t * c.Bp, N, c.H, m + c.uT, h, ldh, m + c.gates, ldg);
    cellForward(c.H, c.Bp, ldg, ldh, ldc, 0, m + c.gates, h, m + c.cs + (t & 1) * c.Bp, m + c.cs + ((t + 1) & 1) * c.Bp, nullptr, false);
  }
  if (c.allSteps) transposeOut(m + c.hs + c.Bp, ldh, c.B, c.T, c.H, c.Bp, m + c.y);
  else transposeOut(m + c.hs + N, ldh, c.B, 1, c.H, c.Bp, m + c.y);
}

void backward(float* m, const LstmCall& c) {
  const int G = 4 * c.H;
  const long N = (long)c.T * c.Bp, ldh = N + c.Bp;
  if (c.allSteps) {
    transposeIn(m + c.dy, c.B, c.T, c.H, c.Bp, m + c.dyT, 0);
  } else {
    std::memset(m + c.dyT, 0, sizeof(float) * c.H * N);
    transposeIn(m + c.dy, c.B, 1, c.H, c.Bp, m + c.dyT + (N - c.Bp), N);
  }
  std::memset(m + c.dh, 0, sizeof(float) * c.H * c.Bp);
  std::memset(m + c.dc, 0, sizeof(float) * c.H * c.Bp);
  // FUSED keeps one step's panel-major gate gradients (the weight gradients take each step's terms at once), exact
  // the whole sequence's.
  const long kept = FUSED ? c.Bp : N;
  if (scratch.size() < (size_t)kept * G) scratch.resize((size_t)kept * G);
  if (stepScratch.size() < (size_t)c.F * c.Bp) stepScratch.resize((size_t)c.F * c.Bp);
  float* gP = scratch.data();
  float* dxT = stepScratch.data();
  if constexpr (FUSED) {
    std::memset(m + c.dW, 0, sizeof(float) * c.F * G);
    std::memset(m + c.dU, 0, sizeof(float) * c.H * G);
    std::memset(m + c.db, 0, sizeof(float) * G);
  }
  // Each step's gate gradients serve, while they are in cache, the recurrent product (dh), the step's input
  // gradient (the WebAssembly kernel's one dx product after the loop, column block by column block: the same sums),
  // and the panel-major copy the weight and bias gradients read: after the loop (exact, the WebAssembly kernel's
  // sums over the whole sequence), or at once (FUSED: each element's chain runs over the steps from the last).
  for (int t = c.T - 1; t >= 0; t--) {
    const long col = (long)t * c.Bp;
    float* g = m + c.gates + (long)t * G * c.Bp;
    cellBackward(c.H, c.Bp, N, g, c.Bp, m + c.cs + col, m + c.tcs + col, m + c.dyT + col, m + c.dh, m + c.dc);
    if (t > 0) gemmNN(c.H, c.Bp, G, m + c.u, G, g, c.Bp, m + c.dh, c.Bp, false);
    gemmNN(c.F, c.Bp, G, m + c.w, G, g, c.Bp, dxT, c.Bp, false);
    transposeBlock(dxT, c.F, c.B, c.Bp, m + c.dx + (long)t * c.F, (long)c.T * c.F);
    const long at = FUSED ? 0 : col;
    for (int j = 0; j < G; j += PANEL) {
      const int w = panelWidth(G, j);
      transposeBlock(g + (long)j * c.Bp, w, c.Bp, c.Bp, gP + (long)j * kept + at * w, w);
    }
    if constexpr (FUSED) {
      const NtRows step[] = {{c.F, m + c.xT + col, N, m + c.dW, G}, {c.H, m + c.hs + col, ldh, m + c.dU, G}};
      gemmNTpFused(step, 2, G, c.Bp, gP);
      biasStep(G, c.Bp, gP, m + c.db);
    }
  }
  if constexpr (FUSED) return;
  const NtRows weights[] = {{c.F, m + c.xT, N, m + c.dW, G}, {c.H, m + c.hs, ldh, m + c.dU, G}};
  gemmNTp(weights, 2, G, (int)N, gP);
  // db: four partial sums per gate (term n to sum n mod 4), added as ((s0 + s1) + s2) + s3.
  for (int j = 0; j < G; j += LANES) {
    const VMask mask = maskOf(G - j);
    const int j0 = j - j % PANEL, w = panelWidth(G, j0);
    const float* panel = gP + (long)j0 * N + j % PANEL;
    V s[4] = {vzero(), vzero(), vzero(), vzero()};
    for (long n = 0; n < N; n += 4)
      for (int l = 0; l < 4; l++) s[l] = vadd(s[l], ld(panel + (n + l) * w, mask));
    st(m + c.db + j, mask, vadd(vadd(vadd(s[0], s[1]), s[2]), s[3]));
  }
}

void adam(int n, const float* value, const float* m, const float* v, const float* grad, const float* c, float* out) {
  const float b1 = c[0], b2 = c[1], rest1 = c[2], rest2 = c[3], eps = c[4], step = c[5], oneMinusAcc1 = c[6], oneMinusAcc2 = c[7], scale = c[8];
  const bool scaled = c[9] != 0;
  float* nx = out;
  float* nm = out + n;
  float* nv = out + 2L * n;
  // Plain float operations, each rounded to float32 (no FMA: -ffp-contract=off), vectorised by the compiler.
  for (int i = 0; i < n; i++) {
    const float g = scaled ? grad[i] * scale : grad[i];
    const float m1 = m[i] * b1 + g * rest1;
    const float v1 = v[i] * b2 + (g * g) * rest2;
    const float denominator = std::sqrt(v1 / oneMinusAcc2) + eps;
    nm[i] = m1;
    nv[i] = v1;
    nx[i] = ((m1 / oneMinusAcc1) / denominator) * step + value[i];
  }
}
