// The fused LSTM kernels in native code: the same algorithm, layout and arithmetic as assembly/lstm.ts (the
// WebAssembly SIMD kernel), so that every output is bit for bit the same. Offsets count floats from `m`.
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

void forwardAvx512(float* m, const LstmCall& c);
void inferAvx512(float* m, const LstmCall& c);
void backwardAvx512(float* m, const LstmCall& c);

}  // namespace seqsweep
