// The machine line every tools/bench and tools/chaos script prints first: which CPU (model, family/model, the
// SIMD flags that decide V8's and wasm's speed), how many cores, which Node and tfjs, which backend trains, and
// how loaded the machine was at the start. A ratio measured on one CPU is not a law of another (issue 17), so a
// figure without this line cannot be compared with anything.
//
//   import { printMachine } from '../lib/machine.mjs';
//   printMachine();                       // a script that trains nothing in its own process
//   printMachine({ backend: 'wasm' });    // a script that trains (after selectBackend)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, arch, loadavg, platform, totalmem } from 'node:os';

/** The /proc/cpuinfo flags that matter for tfjs-wasm, V8 and PyTorch speed, in the order they are printed. */
export const FLAGS_OF_INTEREST = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512vl', 'avx512_vnni', 'avx512_bf16', 'asimd', 'hypervisor'];

/**
 * The fields of the first processor in a /proc/cpuinfo text (the others repeat them on the machines measured
 * here): vendor, model name, family, model, stepping, and the flags of {@link FLAGS_OF_INTEREST} it has.
 */
export function parseCpuinfo(text) {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const field = (name) => first.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
  const flags = new Set((field('flags') ?? field('Features') ?? '').split(/\s+/).filter(Boolean));
  return {
    vendor: field('vendor_id') ?? field('CPU implementer'),
    modelName: field('model name') ?? field('Hardware'),
    family: field('cpu family') ?? field('CPU architecture'),
    model: field('model') ?? field('CPU part'),
    stepping: field('stepping') ?? field('CPU revision'),
    flags: FLAGS_OF_INTEREST.filter((f) => flags.has(f)),
  };
}

function readCpuinfo() {
  try {
    return parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return { flags: [] };
  }
}

/** The installed @tensorflow/tfjs version, read from its package.json so that nothing imports tfjs for it. */
function tfjsVersion() {
  try {
    const require = createRequire(import.meta.url);
    return JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * What the machine line says, as an object (also printed as JSON by {@link printMachine} with `json`).
 * `backend` is the tfjs backend the script trains on, or undefined when its own process trains nothing.
 */
export function machineInfo({ backend } = {}) {
  const cpu = readCpuinfo();
  return {
    cpu: cpu.modelName ?? 'unknown CPU',
    vendor: cpu.vendor,
    family: cpu.family,
    model: cpu.model,
    stepping: cpu.stepping,
    flags: cpu.flags,
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()}-${arch()}`,
    node: process.version,
    tfjs: tfjsVersion(),
    backend,
    loadAverage: loadavg().map((v) => +v.toFixed(2)),
  };
}

/**
 * One line, e.g. `machine: AMD EPYC (AuthenticAMD family 26 model 2), 2 cores, 24 GiB, flags sse4_2 avx avx2 fma
 * avx512f ..., linux-x64, Node v20.20.2, tfjs 4.22.0, backend wasm, load average 1.2 0.8 0.5`.
 */
export function machineLine(info = machineInfo()) {
  const id = [info.vendor, info.family !== undefined && `family ${info.family}`, info.model !== undefined && `model ${info.model}`].filter(Boolean).join(' ');
  const backend = info.backend ? `backend ${info.backend}` : 'no training in this process';
  return `machine: ${info.cpu}${id ? ` (${id})` : ''}, ${info.cores} cores, ${info.memoryGiB} GiB, flags ${info.flags.join(' ') || 'none of interest'}, `
    + `${info.platform}, Node ${info.node}, tfjs ${info.tfjs ?? 'not installed'}, ${backend}, load average ${info.loadAverage.join(' ')}`;
}

/** Prints the machine line (to stdout, or through `log`) and returns what it printed. */
export function printMachine({ backend, log = console.log } = {}) {
  const info = machineInfo({ backend });
  log(machineLine(info));
  return info;
}
