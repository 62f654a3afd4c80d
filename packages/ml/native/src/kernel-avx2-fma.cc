// The fused LSTM kernels on AVX2 with FMA (kernel-impl.h with FUSED true): bit for bit the AVX-512 FMA build.
#pragma GCC target("avx2,fma")
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernel.h"

namespace seqsweep {
namespace avx2fma {

constexpr bool FUSED = true;
#include "vec-avx2.h"
#include "kernel-impl.h"

}  // namespace avx2fma
}  // namespace seqsweep
