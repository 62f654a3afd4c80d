/**
 * Every process a test starts goes through {@link spawnTracked}: it is recorded for the run's teardown (which
 * fails the run naming any that is still alive, see global-setup.ts) and kept in a list that the setup file's
 * afterEach/afterAll empties, whether or not the test's own assertions passed.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { testDeadline } from '@seqsweep/core/testing';
import { recordTestProcess } from '../../tools/lib/test-processes.mjs';

/** A process started by a test, and whether it was started inside a test (else in a beforeAll, for the file). */
interface Tracked {
  readonly child: ChildProcess;
  readonly label: string;
  readonly inTest: boolean;
}

const running = new Set<Tracked>();
let insideTest = false;

/** Called by the setup file around each test: processes started meanwhile are the test's own. */
export function markTest(inside: boolean): void {
  insideTest = inside;
}

/** Starts `command` as `spawn` does, and records it. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions & { label?: string } = {}): ChildProcess {
  const child = spawn(command, args, options);
  const label = options.label ?? [command, ...args].join(' ');
  recordTestProcess(child, label);
  const tracked = { child, label, inTest: insideTest };
  running.add(tracked);
  child.once('exit', () => running.delete(tracked));
  // A failed spawn emits 'error' and no 'exit'.
  child.once('error', () => running.delete(tracked));
  return tracked.child;
}

const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/**
 * Stops the tracked processes still running (those of the current test only, or all with `scope: 'all'`):
 * SIGTERM, so that a coordinator can stop its own local workers, then SIGKILL after a grace period. Resolves
 * with their labels once every one has exited.
 */
export async function stopTestProcesses(scope: 'test' | 'all'): Promise<string[]> {
  const victims = [...running].filter((t) => alive(t.child) && (scope === 'all' || t.inTest));
  await Promise.all(victims.map(async (t) => {
    const exited = new Promise<void>((resolve) => t.child.once('exit', () => resolve()));
    t.child.kill('SIGTERM');
    const timer = setTimeout(() => t.child.kill('SIGKILL'), testDeadline(10_000));
    await exited;
    clearTimeout(timer);
  }));
  return victims.map((t) => t.label);
}
