// The fused LSTM kernels on AVX-512, exact: the WebAssembly kernel's arithmetic bit for bit (kernel-impl.h with
// FUSED false). kernel-avx512-fma.cc builds the same source with FMA.
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw")
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernel.h"

namespace seqsweep {
namespace avx512 {

constexpr bool FUSED = false;
#include "vec-avx512.h"
#include "kernel-impl.h"

}  // namespace avx512

bool avx512Supported() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
}

}  // namespace seqsweep
