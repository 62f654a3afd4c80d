/** Types of test-processes.mjs: the record of processes started under a test run. */
import type { ChildProcess } from 'node:child_process';

/** One started process, as recorded. */
export interface TestProcessRecord {
  readonly pid: number;
  /** The command line it was started with. */
  readonly command: string;
  readonly label: string;
  /** The pid of the process that started it (a vitest worker). */
  readonly by: number;
}

export const TEST_RUN_DIR_VARIABLE: 'SEQSWEEP_TEST_RUN_DIR';
export function processRecordFile(dir?: string): string | undefined;
export function recordTestProcess(child: ChildProcess, label?: string): void;
export function recordedTestProcesses(dir: string): TestProcessRecord[];
