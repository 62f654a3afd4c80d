#!/usr/bin/env node
// The core's fp32 peak as the native kernel can use it: a loop of independent AVX-512 (else AVX2) multiplies and
// adds on registers only, six of each per iteration, no FMA (the exact kernel keeps products and sums apart to match
// the WebAssembly kernel bit for bit), then twelve independent FMAs (the FMA kernel's products), timed in the
// thread's CPU time. Every register starts at zero: leftover denormals would cost a microcode assist per operation
// on Intel cores (AMD's take them at full speed), and the loop would measure that. Compiled here with the C++
// compiler the native build uses (g++); prints GFLOP/s and billions of vector instructions a second (a core
// with two vector pipes retires two a cycle: Intel's AVX-512 server cores; Zen 5 issues four, two multiplies and two adds).
// The GFLOP/s of tools/bench/kernel.mjs and train.mjs are read against it in docs/benchmarks.md.
//
//   node tools/bench/peak-flops.mjs [--iterations 200000000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, { options: { iterations: { type: 'string', default: '200000000' } } });

function source(width, fma) {
  const reg = width === 512 ? 'zmm' : 'ymm';
  const ops = fma
    ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((r) => `"vfmadd231ps %%${reg}0, %%${reg}0, %%${reg}${r}\\n"`)
    : [1, 2, 3, 4, 5, 6].map((r) => `"vmulps %%${reg}0, %%${reg}${r}, %%${reg}${r}\\n"`).concat([7, 8, 9, 10, 11, 12].map((r) => `"vaddps %%${reg}0, %%${reg}${r}, %%${reg}${r}\\n"`));
  const zero = Array.from({ length: 13 }, (_, r) => `"vxorps %%${reg}${r}, %%${reg}${r}, %%${reg}${r}\\n"`).join(' ');
  const clobbers = Array.from({ length: 12 }, (_, i) => `"xmm${i + 1}"`).join(', ');
  return `#include <cstdio>
#include <cstdlib>
#include <ctime>
static double now() { timespec ts; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); return ts.tv_sec + ts.tv_nsec / 1e9; }
int main(int argc, char** argv) {
  const long n = atol(argv[1]);
  asm volatile(${zero} ::: "xmm0", ${clobbers});
  const double t0 = now();
  for (long i = 0; i < n; i++) asm volatile(${ops.join(' ')} ::: ${clobbers});
  const double s = now() - t0;
  printf("%.1f %.3f\\n", n * 12.0 * ${(width / 32) * (fma ? 2 : 1)} / s / 1e9, n * 12.0 / s / 1e9);
}
`;
}

printMachine();
const dir = mkdtempSync(join(tmpdir(), 'seqsweep-peak-'));
try {
  for (const [width, flag] of [[512, '-mavx512f'], [256, '-mavx2']]) {
    for (const fma of [false, true]) {
      const name = `peak${width}${fma ? 'fma' : ''}`;
      writeFileSync(join(dir, `${name}.cc`), source(width, fma));
      const build = spawnSync('g++', ['-O2', flag, '-mfma', '-o', join(dir, name), join(dir, `${name}.cc`)], { encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`g++ failed: ${build.error?.message ?? build.stderr}`);
      const run = spawnSync(join(dir, name), [opts.iterations], { encoding: 'utf8' });
      const what = `${width}-bit ${fma ? 'FMAs' : 'multiplies and adds'}`;
      if (run.status !== 0) {
        console.log(`${what}: do not run here (${run.signal ?? `exit ${run.status}`})`);
        continue;
      }
      const [gflops, giga] = run.stdout.trim().split(' ').map(Number);
      console.log(`${what}: ${gflops.toFixed(1)} GFLOP/s of CPU time (${giga.toFixed(2)} billion vector instructions a second)`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
