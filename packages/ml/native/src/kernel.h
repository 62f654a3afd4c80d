// The fused LSTM kernels in native code: the same algorithm and layout as assembly/lstm.ts (the WebAssembly SIMD
// kernel). Two arithmetics per instruction set, from the one source kernel-impl.h: exact (namespaces avx512, avx2),
// every output bit for bit the WebAssembly kernel's; and FMA (avx512fma, avx2fma), each product fused into its sum,
// within a documented tolerance of the exact kernels and bit for bit the same on both instruction sets. The addon
// picks at run time. Offsets count floats from `m`.
#pragma once
#include <cstdint>

namespace seqsweep {

/** The sizes and buffer offsets of one call, in the order src/kernels/native-kernel.ts packs them. */
struct LstmCall {
  int32_t B, T, F, H, Bp, S, allSteps;
  int32_t x, w, u, bias, wT, uT, xT, gates, hs, cs, tcs, y;
  int32_t dy, dyT, dh, dc, dW, dU, db, dx;
};

/**
 * `adam` (one per instruction set): one Adam step over n values, with the float32 operations of
 * src/kernels/fused-adam.ts in the same order. c: beta1, beta2, 1 - beta1, 1 - beta2, epsilon, -learningRate,
 * 1 - beta1^t, 1 - beta2^t, the gradients' scale and whether to apply it (0 or 1). out: the new values, then the
 * new first moments, then the new second moments (3n floats).
 */
/** Whether this CPU runs the AVX-512 kernels (AVX-512 F, VL, DQ and BW). */
bool avx512Supported();
/** Whether this CPU runs the AVX2 kernels. */
bool avx2Supported();
/** Whether this CPU has FMA (the FMA kernels need it beside their instruction set). */
bool fmaSupported();

namespace avx512 {
void forward(float* m, const LstmCall& c);
void infer(float* m, const LstmCall& c);
void backward(float* m, const LstmCall& c);
void adam(int n, const float* value, const float* m, const float* v, const float* grad, const float* c, float* out);
}  // namespace avx512

namespace avx2 {
void forward(float* m, const LstmCall& c);
void infer(float* m, const LstmCall& c);
void backward(float* m, const LstmCall& c);
void adam(int n, const float* value, const float* m, const float* v, const float* grad, const float* c, float* out);
}  // namespace avx2

namespace avx512fma {
void forward(float* m, const LstmCall& c);
void infer(float* m, const LstmCall& c);
void backward(float* m, const LstmCall& c);
}  // namespace avx512fma

namespace avx2fma {
void forward(float* m, const LstmCall& c);
void infer(float* m, const LstmCall& c);
void backward(float* m, const LstmCall& c);
}  // namespace avx2fma

}  // namespace seqsweep
