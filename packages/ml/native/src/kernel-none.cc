// Where the CPU is not x86-64 there is no native kernel: the addon loads, lists no instruction set, and the
// caller keeps the WebAssembly kernel.
#include "kernel.h"

namespace seqsweep {
bool avx512Supported() { return false; }
bool avx2Supported() { return false; }
bool fmaSupported() { return false; }
namespace avx512 {
void forward(float*, const LstmCall&) {}
void infer(float*, const LstmCall&) {}
void backward(float*, const LstmCall&) {}
void adam(int, const float*, const float*, const float*, const float*, const float*, float*) {}
}  // namespace avx512
namespace avx2 {
void forward(float*, const LstmCall&) {}
void infer(float*, const LstmCall&) {}
void backward(float*, const LstmCall&) {}
void adam(int, const float*, const float*, const float*, const float*, const float*, float*) {}
}  // namespace avx2
namespace avx512fma {
void forward(float*, const LstmCall&) {}
void infer(float*, const LstmCall&) {}
void backward(float*, const LstmCall&) {}
}  // namespace avx512fma
namespace avx2fma {
void forward(float*, const LstmCall&) {}
void infer(float*, const LstmCall&) {}
void backward(float*, const LstmCall&) {}
}  // namespace avx2fma
}  // namespace seqsweep
