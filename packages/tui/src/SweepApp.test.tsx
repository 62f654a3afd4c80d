import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountApp } from '../test-support/mount.js';
import { midSweep } from '../test-support/scenario.js';
import { CREATED, heartbeat } from '../test-support/fixtures.js';
import { KEY } from '../test-support/terminal.js';
import { waitForOptions } from '@seqsweep/core/testing';

let now = CREATED;
let mounted: ReturnType<typeof mountApp> | undefined;

/** Mounts the app on a sweep halfway through; 20 s later only worker w2 has sent another heartbeat. */
function start(columns: number, rows: number) {
  now = CREATED + 45_000;
  mounted = mountApp(columns, rows, () => now);
  for (const e of midSweep()) mounted.store.push(e);
  mounted.store.flush();
  now += 20_000;
  mounted.store.push({ kind: 'heartbeat', heartbeat: heartbeat('w2', { trialId: 'evaluate-point-b-2', done: 6, host: 'host-2', ts: now }) });
  mounted.store.flush();
  return mounted;
}

afterEach(() => {
  mounted?.instance.unmount();
  mounted = undefined;
});

const lines = (frame: string): string[] => frame.split('\n');

describe('SweepApp', () => {
  it('fits an 80-column terminal, one row short of its height', async () => {
    const { stdout } = start(80, 30);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Events'), waitForOptions());
    const frame = stdout.lastFrame();
    for (const line of lines(frame)) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines(frame).length).toBeLessThan(30);
    for (const part of ['toy', 'stage evaluate', 'ETA ~', 'split random: test 20% of the samples at random', 'filter', 'Leaderboard', 'learningRate', 'Running 1 trial', 'Workers 2', 'STALE', 'q detach']) {
      expect(frame).toContain(part);
    }
    expect(frame).toMatch(/filter\s+█+ 12\/12 done · 0 running · 0 queued · 0 failed/);
    expect(frame).toMatch(/evaluate\s+█+▒+░+ 3\/10 done · 1 running · 6 queued · 1 failed/);
    expect(frame).toContain('failed on w1 after 3 attempts');
    expect(frame).toMatch(/w1@host-1\s+idle\s+-\s+20s ago STALE/);
    expect(frame).toMatch(/w2@host-2\s+training\s+evaluate\s+0s ago\s+6 done/);
    expect(frame).toMatch(/lr=0\.1 hs=16\s+evaluate\s+█▅▂▂▁ ep 5\/12\s+0\.4 w2/);
  });

  it('shows the server it reads from in the header, and the new one after a fail-over', async () => {
    const { stdout, store } = start(120, 30);
    store.push({ kind: 'server', server: 'nats://127.0.0.1:4301' });
    store.flush();
    await vi.waitFor(() => expect(lines(stdout.lastFrame())[0]).toContain('on nats://127.0.0.1:4301'), waitForOptions());
    store.push({ kind: 'server', server: 'nats://127.0.0.1:4302' });
    store.flush();
    await vi.waitFor(() => expect(lines(stdout.lastFrame())[0]).toContain('on nats://127.0.0.1:4302'), waitForOptions());
    expect(stdout.lastFrame()).toContain('connection moved from nats://127.0.0.1:4301 to nats://127.0.0.1:4302');
  });

  it('redraws side by side when the terminal grows, and narrow again when it shrinks', async () => {
    const { stdout } = start(80, 30);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Events'), waitForOptions());
    stdout.resize(180, 40);
    await vi.waitFor(() => expect(lines(stdout.lastFrame()).some((l) => l.includes('Leaderboard') && l.includes('Running'))).toBe(true), waitForOptions());
    for (const line of lines(stdout.lastFrame())) expect([...line].length).toBeLessThanOrEqual(180);
    stdout.resize(80, 30);
    await vi.waitFor(() => expect(lines(stdout.lastFrame()).some((l) => l.includes('Leaderboard') && l.includes('Running'))).toBe(false), waitForOptions());
    for (const line of lines(stdout.lastFrame())) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('opens a point with Enter: its folds with their curves and a large chart; Esc goes back', async () => {
    const { stdout, stdin } = start(100, 40);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press(KEY.down);
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/›\*\s+1 /), waitForOptions());
    stdin.press(KEY.enter);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Point point-b'), waitForOptions());
    const frame = stdout.lastFrame();
    for (const fold of ['fold 0', 'fold 1', 'fold 2', 'live evaluate']) expect(frame).toContain(fold);
    // Each filter fold trained 3 epochs, its loss falling 1 → 0.75 → 0.5.
    expect(frame).toMatch(/› fold 0\s+filter\s+completed 3\s+ +█▅▁ 0\.5/);
    expect(frame).toContain('• train loss');
    expect(frame).toContain('+ val loss');
    expect(frame).toContain('x accuracy');
    stdin.press(KEY.right);
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/› fold 1\s+filter/), waitForOptions());
    stdin.press(KEY.escape);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    expect(stdout.lastFrame()).not.toContain('Point point-b');
  });

  it('cycles the sort with s and shows the help with ?', async () => {
    const { stdout, stdin } = start(100, 40);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('sort objective'), waitForOptions());
    stdin.press('s');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('sort std'), waitForOptions());
    stdin.press('?');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('detach: leave the sweep running and exit'), waitForOptions());
    stdin.press('?');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
  });

  it('shows stage one\'s best so far in the header, and opens the importance panel with i (listed in the help); i or Esc goes back', async () => {
    const { stdout, stdin } = start(100, 40);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    // Four stage-one points, the first (a, mean 0.21) the best all along.
    expect(lines(stdout.lastFrame())[1]).toMatch(/^best ▁▁▁▁ 0\.21 {2}split random/);
    expect(stdout.lastFrame()).toContain('i importance');
    stdin.press('i');
    // The forest is fit off the render path: the panel shows at once, its bars when the fit ends.
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/learningRate +█+/), waitForOptions());
    const frame = lines(stdout.lastFrame());
    const bar = (key: string): string => frame.find((l) => l.trimStart().startsWith(key)) ?? '';
    // The learning rate moves the score twice as much as the hidden size in the mid-sweep (0.2 against 0.1).
    const blocks = (l: string): number => [...l].filter((c) => c === '█').length;
    expect(blocks(bar('learningRate'))).toBeGreaterThan(blocks(bar('hiddenSize')));
    expect(frame.findIndex((l) => l.includes('learningRate'))).toBeLessThan(frame.findIndex((l) => l.includes('hiddenSize')));
    expect(stdout.lastFrame()).toContain('fANOVA over a random forest, 4 stage-one points');
    expect(stdout.lastFrame()).toContain('i or esc back');
    stdin.press(KEY.escape);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Parameter importance'), waitForOptions());
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('?');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('parameter importance (bars, redrawn as results arrive)'), waitForOptions());
  });

  it('redraws the importance panel as stage-one results arrive, from too few points to bars', async () => {
    now = CREATED;
    mounted = mountApp(100, 40, () => now);
    const { stdout, stdin, store } = mounted;
    const events = midSweep();
    const filter = events.filter((e) => e.kind === 'result' && e.result.stage === 'filter');
    for (const e of [events[0]!, ...filter.slice(0, 6)]) store.push(e);
    store.flush();
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('i');
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('needs 4 stage-one points with a valLoss over a swept parameter; 2 so far'), waitForOptions());
    for (const e of filter.slice(6)) store.push(e);
    store.flush();
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('fANOVA over a random forest, 4 stage-one points'), waitForOptions());
    expect(stdout.lastFrame()).toMatch(/learningRate +█+/);
  });

  it('detaches with q: the app exits and says so, and nothing else is touched', async () => {
    const { stdout, stdin, exits, instance } = start(100, 40);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Leaderboard'), waitForOptions());
    stdin.press('q');
    await instance.waitUntilExit();
    expect(exits).toEqual(['detach']);
  });
});
