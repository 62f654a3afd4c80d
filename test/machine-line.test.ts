/**
 * The machine line of tools/lib/machine.mjs, which every tools/bench and tools/chaos script prints first (issue
 * 17): what it reads from /proc/cpuinfo, what the line says, and that no entry script leaves it out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { machineInfo, machineLine, parseCpuinfo, printMachine } from '../tools/lib/machine.mjs';

const CPUINFO = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 23
model\t\t: 1
model name\t: AMD EPYC 7551 32-Core Processor
stepping\t: 2
flags\t\t: fpu sse sse2 sse4_1 sse4_2 avx fma avx2 hypervisor

processor\t: 1
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 7551 32-Core Processor
flags\t\t: fpu sse sse2 avx512f
`;

describe('machine line', () => {
  it('reads the first processor of /proc/cpuinfo, keeping only the flags of interest', () => {
    expect(parseCpuinfo(CPUINFO)).toEqual({
      vendor: 'AuthenticAMD', modelName: 'AMD EPYC 7551 32-Core Processor', family: '23', model: '1', stepping: '2',
      flags: ['sse4_2', 'avx', 'avx2', 'fma', 'hypervisor'],
    });
    expect(parseCpuinfo('').flags).toEqual([]);
  });

  it('names the CPU, cores, Node, tfjs, the backend and the load', () => {
    const info = { ...machineInfo({ backend: 'wasm' }), cpu: 'AMD EPYC', vendor: 'AuthenticAMD', family: '26', model: '2', flags: ['avx2', 'avx512f'], cores: 2, loadAverage: [1.5, 1, 0.5] };
    const line = machineLine(info);
    expect(line).toMatch(/^machine: AMD EPYC \(AuthenticAMD family 26 model 2\), 2 cores, \d+ GiB, flags avx2 avx512f, /);
    expect(line).toMatch(new RegExp(`Node ${process.version.replace(/\./g, '\\.')}, tfjs \\d+\\.\\d+\\.\\d+, backend wasm, load average 1.5 1 0.5$`));
    expect(machineLine({ ...info, backend: undefined })).toContain('no training in this process');
    const printed: string[] = [];
    expect(printMachine({ log: (l) => printed.push(l) }).cores).toBeGreaterThan(0);
    expect(printed).toHaveLength(1);
  });

  it('is printed by every entry script of tools/bench and tools/chaos', () => {
    for (const dir of ['bench', 'chaos']) {
      const folder = fileURLToPath(new URL(`../tools/${dir}/`, import.meta.url));
      const scripts = readdirSync(folder).filter((f) => f.endsWith('.mjs')).filter((f) => readFileSync(folder + f, 'utf8').startsWith('#!/usr/bin/env node'));
      expect(scripts.length).toBeGreaterThan(0);
      for (const f of scripts) expect(readFileSync(folder + f, 'utf8'), `tools/${dir}/${f}`).toMatch(/printMachine\(/);
    }
  });
});
