// The machine line every benchmark and chaos run prints first: CPU model (from /proc/cpuinfo where there is one),
// cores, memory and node, so a figure in the docs says where it was measured.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';

/** The CPU model as /proc/cpuinfo names it, else as node reports it. */
function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => /^model name\s*:/.test(l));
    if (line) return line.replace(/^model name\s*:\s*/, '').trim();
  } catch (error) {
    // No /proc (not Linux): node's own view of the CPU below.
    if (error?.code !== 'ENOENT') throw error;
  }
  return cpus()[0]?.model ?? 'unknown cpu';
}

/** `machine: <cpu model>, <n> cores, <m> GiB, node vX`. */
export function machineLine() {
  return `machine: ${cpuModel()}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}
