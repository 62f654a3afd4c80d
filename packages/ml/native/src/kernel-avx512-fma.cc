// The fused LSTM kernels on AVX-512 with FMA (kernel-impl.h with FUSED true): each product and the sum it goes into
// rounded once. Within a tolerance of the exact kernels, not bit for bit; bit for bit the AVX2 FMA build.
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw,fma")
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernel.h"

namespace seqsweep {
namespace avx512fma {

constexpr bool FUSED = true;
#include "vec-avx512.h"
#include "kernel-impl.h"

}  // namespace avx512fma

bool fmaSupported() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("fma");
}

}  // namespace seqsweep
