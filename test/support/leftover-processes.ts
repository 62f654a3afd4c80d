/**
 * Finding the processes a test run started that are still alive: each one recorded by spawnTracked (or by the
 * tools/chaos harness), and each process whose environment carries the run's SEQSWEEP_TEST_RUN_DIR, which catches
 * what those started in turn (a coordinator's local workers, a browser's helpers) and nats-servers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { recordedTestProcesses, TEST_RUN_DIR_VARIABLE } from '../../tools/lib/test-processes.mjs';

/** A process still alive at the end of the run. */
export interface Leftover {
  readonly pid: number;
  readonly command: string;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    // Gone meanwhile, or not ours to read.
    return undefined;
  }
};

/** The command line of a live, non-zombie process, or undefined. */
function liveCommand(pid: number): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  // The state follows the parenthesised name: a zombie has exited and only waits to be reaped.
  if (!stat || / Z /.test(stat.slice(stat.lastIndexOf(')')))) return undefined;
  return read(`/proc/${pid}/cmdline`)?.split('\0').filter(Boolean).join(' ');
}

/**
 * Vitest's own processes inherit the variable too: its main process and its pool workers, which run from
 * node_modules. Test processes never do (they are the built CLI, nats-server, chromium, openssl).
 */
const isRunner = (pid: number, command: string, runner: number): boolean => pid === runner || command.includes('/node_modules/');

/** Processes of the run under `dir` that are still alive, the runner's own left out. */
export function leftoverProcesses(dir: string, runner = process.pid): Leftover[] {
  const found = new Map<number, Leftover>();
  for (const r of recordedTestProcesses(dir)) {
    const command = liveCommand(r.pid);
    // A recycled pid runs something else.
    if (command !== undefined && command === r.command) found.set(r.pid, { pid: r.pid, command });
  }
  const marker = `${TEST_RUN_DIR_VARIABLE}=${dir}\0`;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || found.has(pid)) continue;
    if (!read(`/proc/${pid}/environ`)?.includes(marker)) continue;
    const command = liveCommand(pid);
    if (command !== undefined && !isRunner(pid, command, runner)) found.set(pid, { pid, command });
  }
  return [...found.values()].sort((a, b) => a.pid - b.pid);
}

/**
 * Live processes whose environment has `name=value`, the runner's own left out: what one test started, found
 * even after the process that started them has exited (its orphans are no longer below it).
 */
export function processesWithEnv(name: string, value: string, runner = process.pid): Leftover[] {
  const marker = `${name}=${value}\0`;
  const found: Leftover[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !read(`/proc/${pid}/environ`)?.includes(marker)) continue;
    const command = liveCommand(pid);
    if (command !== undefined && !isRunner(pid, command, runner)) found.push({ pid, command });
  }
  return found;
}
