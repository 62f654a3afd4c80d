import { createElement } from 'react';
import { render } from 'ink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testDeadline, waitForOptions } from '@seqsweep/core/testing';
import type { Importance } from '@seqsweep/insight';
import { SweepApp } from './SweepApp.js';
import { SweepStore } from './store.js';
import { fitImportance, type ImportanceInput } from './insight.js';
import type { ImportanceFitter } from './importance-fitter.js';
import { midSweep } from '../test-support/scenario.js';
import { CREATED, SWEEP } from '../test-support/fixtures.js';
import { FakeStdin, FakeStdout } from '../test-support/terminal.js';

/** A fitter whose fits end when the test says, recording the points each was asked to fit. */
function heldFitter() {
  const calls: { points: number; end: () => void }[] = [];
  const fitter: ImportanceFitter = {
    fit: (input: ImportanceInput) => new Promise<Importance | null>((resolve) => {
      const points = new Set(input.trials.filter((t) => t.stage === 'filter').map((t) => t.pointId)).size;
      calls.push({ points, end: () => resolve(fitImportance(input)) });
    }),
    close: () => {},
  };
  return { fitter, calls };
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('the importance panel\'s fits', () => {
  it('run off the render path, one at a time, and again only when another stage-one point has a score', async () => {
    const stdout = new FakeStdout(100, 40);
    const stdin = new FakeStdin();
    const store = new SweepStore(SWEEP, { clock: () => CREATED + 45_000, frameMs: 5 });
    const { fitter, calls } = heldFitter();
    const instance = render(createElement(SweepApp, { store, tickMs: 60_000, importanceFitter: fitter, refitMs: 0 }), {
      stdout: stdout.asStream(), stdin: stdin.asStream(), debug: true, exitOnCtrlC: false, patchConsole: false,
    });
    unmount = () => instance.unmount();
    const events = midSweep();
    const filter = events.filter((e) => e.kind === 'result' && e.result.stage === 'filter');
    // Three stage-one points of the four, all folds in: one fewer than a fit needs.
    for (const e of [events[0]!, ...filter.slice(0, 9)]) store.push(e);
    store.flush();
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('needs 4 stage-one points'), waitForOptions());
    expect(calls).toEqual([]);
    // The fourth point's first fold: a fit starts, and the panel says so while keys go on working.
    store.push(filter[9]!);
    store.flush();
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('fitting on 4 stage-one points'), waitForOptions());
    expect(calls.map((c) => c.points)).toEqual([4]);
    // Its other folds come while the fit runs: no second fit until the first ends.
    for (const e of filter.slice(10)) {
      store.push(e);
      store.flush();
    }
    stdin.press('?');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('detach: leave the sweep running'), waitForOptions());
    stdin.press('?');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('fitting on 4 stage-one points'), waitForOptions());
    expect(calls).toHaveLength(1);
    calls[0]!.end();
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/learningRate +█+/), waitForOptions());
    // Still four scored points: the folds that came changed their scores, not their count, so no fit follows.
    expect(calls.map((c) => c.points)).toEqual([4]);
    // Closed and opened again: the last fit shows at once.
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/learningRate +█+/), waitForOptions());
    expect(calls).toHaveLength(1);
  }, testDeadline(30_000));
});
