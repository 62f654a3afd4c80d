/** Mounts the app on a fake terminal, drawing every frame in full. */
import { createElement } from 'react';
import { render } from 'ink';
import { SweepApp } from '../src/SweepApp.js';
import { SweepStore } from '../src/store.js';
import type { ExitKey } from '../src/navigation.js';
import { FakeStdin, FakeStdout } from './terminal.js';
import { SWEEP } from './fixtures.js';

export function mountApp(columns: number, rows: number, clock: () => number) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const store = new SweepStore(SWEEP, { clock, frameMs: 5 });
  const exits: ExitKey[] = [];
  const instance = render(createElement(SweepApp, { store, onExit: (k) => exits.push(k), tickMs: 60_000 }), {
    stdout: stdout.asStream(), stdin: stdin.asStream(), debug: true, exitOnCtrlC: false, patchConsole: false,
  });
  return { stdout, stdin, store, exits, instance };
}
