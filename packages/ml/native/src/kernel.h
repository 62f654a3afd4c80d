// The fused LSTM kernels in native code: the same algorithm, layout and arithmetic as assembly/lstm.ts (the
// WebAssembly SIMD kernel), so that every output is bit for bit the same. One build per instruction set
// (kernel-impl.h included by kernel-avx512.cc and kernel-avx2.cc); the addon picks one at run time. Offsets count
// floats from `m`.
#pragma once
#include <cstdint>

namespace seqsweep {

/** The sizes and buffer offsets of one call, in the order src/kernels/native-kernel.ts packs them. */
struct LstmCall {
  int32_t B, T, F, H, Bp, S, allSteps;
  int32_t x, w, u, bias, wT, uT, xT, gates, hs, cs, tcs, y;
  int32_t dy, dyT, dh, dc, dW, dU, db, dx;
};

/** Whether this CPU runs the AVX-512 kernels (AVX-512 F, VL, DQ and BW). */
bool avx512Supported();
/** Whether this CPU runs the AVX2 kernels. */
bool avx2Supported();

namespace avx512 {
void forward(float* m, const LstmCall& c);
void infer(float* m, const LstmCall& c);
void backward(float* m, const LstmCall& c);
}  // namespace avx512

namespace avx2 {
void forward(float* m, const LstmCall& c);
void infer(float* m, const LstmCall& c);
void backward(float* m, const LstmCall& c);
}  // namespace avx2

}  // namespace seqsweep
