/** Types of machine.mjs: the machine line every tools/bench and tools/chaos script prints first. */

/** The first processor's fields in /proc/cpuinfo, with only the flags of interest. */
export interface CpuInfo {
  readonly vendor?: string;
  readonly modelName?: string;
  readonly family?: string;
  readonly model?: string;
  readonly stepping?: string;
  readonly flags: readonly string[];
}

/** What the machine line says. */
export interface MachineInfo {
  readonly cpu: string;
  readonly vendor?: string;
  readonly family?: string;
  readonly model?: string;
  readonly stepping?: string;
  readonly flags: readonly string[];
  readonly cores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly node: string;
  readonly tfjs?: string;
  /** The tfjs backend the script trains on; undefined when its own process trains nothing. */
  readonly backend?: string;
  /** The 1, 5 and 15 minute load averages when the line was made. */
  readonly loadAverage: readonly number[];
}

export const FLAGS_OF_INTEREST: readonly string[];
export function parseCpuinfo(text: string): CpuInfo;
export function machineInfo(options?: { backend?: string }): MachineInfo;
export function machineLine(info?: MachineInfo): string;
export function printMachine(options?: { backend?: string; log?: (line: string) => void }): MachineInfo;
