{
  "targets": [
    {
      "target_name": "seqsweep_lstm",
      "sources": ["src/addon.cc", "src/kernel-avx512.cc", "src/kernel-avx512-fma.cc", "src/kernel-avx2.cc", "src/kernel-avx2-fma.cc"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-Wno-maybe-uninitialized"],
      "conditions": [
        ["target_arch!='x64'", { "sources!": ["src/kernel-avx512.cc", "src/kernel-avx512-fma.cc", "src/kernel-avx2.cc", "src/kernel-avx2-fma.cc"], "sources": ["src/kernel-none.cc"] }]
      ]
    }
  ]
}
