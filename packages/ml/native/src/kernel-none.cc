// Where the CPU is not x86-64 there is no native kernel: the addon loads, says so, and the caller keeps the
// WebAssembly kernel.
#include "kernel.h"

namespace seqsweep {
bool avx512Supported() { return false; }
void forwardAvx512(float*, const LstmCall&) {}
void inferAvx512(float*, const LstmCall&) {}
void backwardAvx512(float*, const LstmCall&) {}
}  // namespace seqsweep
