// The fused LSTM kernels on AVX2, exact (kernel-impl.h with FUSED false); this build serves CPUs without AVX-512.
// kernel-avx2-fma.cc builds the same source with FMA.
#pragma GCC target("avx2")
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernel.h"

namespace seqsweep {
namespace avx2 {

constexpr bool FUSED = false;
#include "vec-avx2.h"
#include "kernel-impl.h"

}  // namespace avx2

bool avx2Supported() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

}  // namespace seqsweep
