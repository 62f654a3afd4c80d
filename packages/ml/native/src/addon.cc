// The N-API face of the native fused LSTM: forward, infer and backward over a Float32Array the caller owns, with
// the call's sizes and offsets in an Int32Array (the order of LstmCall). Loaded by src/kernels/native-kernel.ts,
// which falls back to the WebAssembly kernel when this addon is not built or the CPU has neither AVX-512 nor AVX2.
#include <node_api.h>

#include <cstdint>
#include <cstring>

#include "kernel.h"

namespace {

using seqsweep::LstmCall;

constexpr size_t FIELDS = sizeof(LstmCall) / sizeof(int32_t);

napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, "SEQSWEEP_LSTM_NATIVE", message);
  return nullptr;
}

/** Reads (memory: Float32Array, call: Int32Array) and checks every buffer of the call lies inside memory. */
bool readArgs(napi_env env, napi_callback_info info, float** memory, LstmCall* call) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 2) return fail(env, "expected (memory, call)"), false;
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float32_array) return fail(env, "memory must be a Float32Array"), false;
  *memory = static_cast<float*>(data);
  size_t fields;
  void* values;
  if (napi_get_typedarray_info(env, argv[1], &type, &fields, &values, nullptr, nullptr) != napi_ok || type != napi_int32_array || fields != FIELDS) return fail(env, "call must be an Int32Array of the LstmCall fields"), false;
  std::memcpy(call, values, sizeof(LstmCall));
  const int32_t* f = reinterpret_cast<const int32_t*>(call);
  for (size_t i = 0; i < FIELDS; i++) {
    if (f[i] < 0 || static_cast<size_t>(f[i]) > length) return fail(env, "an offset or size of the call lies outside memory"), false;
  }
  if (call->B < 1 || call->T < 1 || call->F < 1 || call->H < 1 || call->S < 1 || call->Bp < call->B || call->Bp % 4 != 0) return fail(env, "impossible sizes"), false;
  return true;
}

template <void (*Run)(float*, const LstmCall&)>
napi_value entry(napi_env env, napi_callback_info info) {
  float* memory;
  LstmCall call;
  if (!readArgs(env, info, &memory, &call)) return nullptr;
  Run(memory, call);
  return nullptr;
}

/** A Float32Array argument's data and length, or false (with an exception thrown) where it is not one. */
bool floats(napi_env env, napi_value value, float** data, size_t* length) {
  napi_typedarray_type type;
  void* raw;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok || type != napi_float32_array) return fail(env, "expected a Float32Array"), false;
  *data = static_cast<float*>(raw);
  return true;
}

/** adam(value, m, v, grad, constants, out): one Adam step (kernel.h), every array checked for its length. */
template <void (*Adam)(int, const float*, const float*, const float*, const float*, const float*, float*)>
napi_value adamEntry(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 6) return fail(env, "expected (value, m, v, grad, constants, out)");
  float* p[6];
  size_t n[6];
  for (int i = 0; i < 6; i++) {
    if (!floats(env, argv[i], &p[i], &n[i])) return nullptr;
  }
  if (n[1] != n[0] || n[2] != n[0] || n[3] != n[0] || n[4] != 10 || n[5] < 3 * n[0] || n[0] > 0x7fffffff) return fail(env, "adam: the arrays' lengths do not fit together");
  Adam(static_cast<int>(n[0]), p[0], p[1], p[2], p[3], p[4], p[5]);
  return nullptr;
}

/** The float offset from the array's start to its first 64-byte boundary. */
napi_value alignment(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 1 ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float32_array) {
    return fail(env, "expected a Float32Array");
  }
  const uintptr_t address = reinterpret_cast<uintptr_t>(data);
  napi_value out;
  napi_create_int32(env, static_cast<int32_t>(((64 - address % 64) % 64) / 4), &out);
  return out;
}

/** { forward, infer, backward, adam } of one instruction set's kernels. */
template <void (*Forward)(float*, const LstmCall&), void (*Infer)(float*, const LstmCall&), void (*Backward)(float*, const LstmCall&),
          void (*Adam)(int, const float*, const float*, const float*, const float*, const float*, float*)>
napi_value kernels(napi_env env) {
  napi_value set;
  napi_create_object(env, &set);
  const struct { const char* name; napi_callback fn; } fns[] = {{"forward", entry<Forward>}, {"infer", entry<Infer>}, {"backward", entry<Backward>}, {"adam", adamEntry<Adam>}};
  for (const auto& f : fns) {
    napi_value value;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &value);
    napi_set_named_property(env, set, f.name, value);
  }
  return set;
}

/**
 * Exports `isas` (the kernel sets this CPU runs, fastest first), the kernel sets themselves (`avx512fma`, `avx512`,
 * `avx2fma`, `avx2`: an instruction set with FMA, then exact; every set has the exact Adam step), `callFields` and
 * `alignment`.
 */
napi_value init(napi_env env, napi_value exports) {
  napi_value isas;
  napi_create_array(env, &isas);
  uint32_t count = 0;
  const bool fma = seqsweep::fmaSupported();
  const struct { const char* name; bool supported; napi_value set; } sets[] = {
    {"avx512fma", seqsweep::avx512Supported() && fma, kernels<seqsweep::avx512fma::forward, seqsweep::avx512fma::infer, seqsweep::avx512fma::backward, seqsweep::avx512::adam>(env)},
    {"avx512", seqsweep::avx512Supported(), kernels<seqsweep::avx512::forward, seqsweep::avx512::infer, seqsweep::avx512::backward, seqsweep::avx512::adam>(env)},
    {"avx2fma", seqsweep::avx2Supported() && fma, kernels<seqsweep::avx2fma::forward, seqsweep::avx2fma::infer, seqsweep::avx2fma::backward, seqsweep::avx2::adam>(env)},
    {"avx2", seqsweep::avx2Supported(), kernels<seqsweep::avx2::forward, seqsweep::avx2::infer, seqsweep::avx2::backward, seqsweep::avx2::adam>(env)},
  };
  for (const auto& s : sets) {
    if (!s.supported) continue;
    napi_value name;
    napi_create_string_utf8(env, s.name, NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, isas, count++, name);
    napi_set_named_property(env, exports, s.name, s.set);
  }
  napi_set_named_property(env, exports, "isas", isas);
  napi_value fields;
  napi_create_int32(env, static_cast<int32_t>(FIELDS), &fields);
  napi_set_named_property(env, exports, "callFields", fields);
  napi_value align;
  napi_create_function(env, "alignment", NAPI_AUTO_LENGTH, alignment, nullptr, &align);
  napi_set_named_property(env, exports, "alignment", align);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
