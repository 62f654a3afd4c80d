#!/usr/bin/env node
// The native kernels alone, outside Node: a small C++ driver, compiled here with g++ against packages/ml/native/src
// (the flags binding.gyp uses), runs one LSTM layer's forward and backward `--reps` times for each kernel set the
// CPU runs (exact and FMA, on AVX-512 and AVX2) and prints the best CPU time of each pass (the thread's CPU clock)
// and GFLOP/s of its matrix products (2 x 4H x (F + H) x T x B forward, twice that backward). No Node, no tfjs, no
// other layer between the passes: the kernels' own ceiling on warm caches. `--cold` writes 64 MB between the
// forward and the backward, and before each forward, as a training step's other work does to the caches.
//
//   node tools/bench/native-loop.mjs [--shape 128,28,28,64] [--reps 30] [--cold]     shape: B,T,F,H
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, { options: { shape: { type: 'string', default: '128,28,28,64' }, reps: { type: 'string', default: '30' }, cold: { type: 'boolean', default: false } } });
const shape = opts.shape.split(',').map(Number);
if (shape.length !== 4 || !shape.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--shape ${opts.shape}: expected B,T,F,H, four positive integers`);
const SRC = fileURLToPath(new URL('../../packages/ml/native/src/', import.meta.url));

// Buffers at offsets of its own (the kernels take any that do not overlap), filled with values in [-0.25, 0.25].
const DRIVER = String.raw`#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include "kernel.h"
using namespace seqsweep;
typedef void (*Pass)(float*, const LstmCall&);
static double now() { timespec ts; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); return ts.tv_sec + ts.tv_nsec / 1e9; }
int main(int argc, char** argv) {
  const int B = atoi(argv[1]), T = atoi(argv[2]), F = atoi(argv[3]), H = atoi(argv[4]), reps = atoi(argv[5]);
  const bool cold = argv[6][0] == '1';
  const int Bp = (B + 15) / 16 * 16, G = 4 * H;
  const long N = (long)T * Bp, ldh = N + Bp;
  LstmCall c{};
  c.B = B; c.T = T; c.F = F; c.H = H; c.Bp = Bp; c.S = T; c.allSteps = 1;
  long size = 0;
  auto take = [&](long n) { const long at = size; size += (n + 15) / 16 * 16; return (int32_t)at; };
  c.x = take((long)B * T * F); c.w = take((long)F * G); c.u = take((long)H * G); c.bias = take(G); c.wT = take((long)F * G); c.uT = take((long)H * G);
  c.xT = take(F * N); c.gates = take(G * N); c.hs = take(H * ldh); c.cs = take(H * ldh); c.tcs = take(H * N); c.y = take((long)B * T * H);
  c.dy = take((long)B * T * H); c.dyT = take(H * N); c.dh = take((long)H * Bp); c.dc = take((long)H * Bp); c.dW = take((long)F * G); c.dU = take((long)H * G); c.db = take(G); c.dx = take((long)B * T * F);
  float* m = static_cast<float*>(aligned_alloc(64, size * 4));
  float* start = static_cast<float*>(aligned_alloc(64, size * 4));
  char* junk = static_cast<char*>(malloc(64 << 20));
  srand(1);
  for (long i = 0; i < size; i++) start[i] = (rand() / (float)RAND_MAX - 0.5f) * 0.5f;
  const double flops = 2.0 * G * (F + H) * (double)T * B;
  const bool fma = fmaSupported();
  const struct { const char* name; bool runs; Pass forward, backward; } sets[] = {
    {"AVX-512, FMA", avx512Supported() && fma, avx512fma::forward, avx512fma::backward},
    {"AVX-512, exact", avx512Supported(), avx512::forward, avx512::backward},
    {"AVX2, FMA", avx2Supported() && fma, avx2fma::forward, avx2fma::backward},
    {"AVX2, exact", avx2Supported(), avx2::forward, avx2::backward},
  };
  for (const auto& s : sets) {
    if (!s.runs) continue;
    double forward = 1e9, backward = 1e9;
    for (int r = 0; r < reps; r++) {
      memcpy(m, start, size * 4);
      if (cold) memset(junk, r, 64 << 20);
      const double t0 = now();
      s.forward(m, c);
      const double t1 = now();
      if (cold) memset(junk, r + 1, 64 << 20);
      const double t2 = now();
      s.backward(m, c);
      const double t3 = now();
      if (t1 - t0 < forward) forward = t1 - t0;
      if (t3 - t2 < backward) backward = t3 - t2;
    }
    printf("| %s | %.3f | %.3f | %.1f, %.1f, %.1f |\n", s.name, forward * 1e3, backward * 1e3, flops / forward / 1e9, 2 * flops / backward / 1e9, 3 * flops / (forward + backward) / 1e9);
  }
}
`;

printMachine();
const dir = mkdtempSync(join(tmpdir(), 'seqsweep-native-loop-'));
try {
  writeFileSync(join(dir, 'driver.cc'), DRIVER);
  const sources = ['kernel-avx512.cc', 'kernel-avx512-fma.cc', 'kernel-avx2.cc', 'kernel-avx2-fma.cc'].map((f) => join(SRC, f));
  const flags = ['-O3', '-std=c++17', '-ffp-contract=off', '-fno-fast-math', '-fno-math-errno', '-Wno-maybe-uninitialized'];
  const build = spawnSync('g++', [...flags, `-I${SRC}`, join(dir, 'driver.cc'), ...sources, '-o', join(dir, 'driver')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`g++ failed: ${build.error?.message ?? build.stderr}`);
  const [B, T, F, H] = shape;
  const run = spawnSync(join(dir, 'driver'), [B, T, F, H, opts.reps, opts.cold ? '1' : '0'].map(String), { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the driver failed: ${run.signal ?? `exit ${run.status}`} ${run.stderr}`);
  console.log(`\nOne LSTM layer, B=${B} T=${T} F=${F} H=${H}, best of ${opts.reps}${opts.cold ? ', 64 MB written before each pass' : ', warm caches'}:\n`);
  console.log('| kernel set | forward ms | backward ms | GFLOP/s forward, backward, both |');
  console.log('|---|---|---|---|');
  process.stdout.write(run.stdout);
  console.log('(CPU milliseconds of the thread, the best of the repetitions; GFLOP/s of the layer\'s matrix products)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
