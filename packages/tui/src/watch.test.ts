import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchSweep, type WatchHandle } from './watch.js';
import { renderSweepApp } from './render-app.js';
import { findNewestRunningSweep } from './attach.js';
import { SweepNotFoundError } from './errors.js';
import { ListFeed } from '../test-support/list-feed.js';
import { recordAt, wholeSweep } from '../test-support/scenario.js';
import { CREATED, SWEEP, heartbeat, progress, record } from '../test-support/fixtures.js';
import { FakeStdin, FakeStdout } from '../test-support/terminal.js';
import { waitForOptions } from '@seqsweep/core/testing';

const clock = (): number => CREATED + 70_000;
let handle: WatchHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe('watchSweep without a terminal', () => {
  it('prints a line per result and sweep event, then the final leaderboard once the sweep has finished', async () => {
    const feed = new ListFeed();
    const { filter, evaluate, final } = wholeSweep();
    await feed.putSweep(record());
    for (const r of filter) await feed.publishResult(r);
    const lines: string[] = [];
    handle = await watchSweep({ transport: feed, sweepId: SWEEP, stdout: new FakeStdout(80, 24).asStream(), isTTY: false, out: (l) => lines.push(l), clock });
    await vi.waitFor(() => expect(lines).toHaveLength(13), waitForOptions());
    expect(lines[0]).toBe('[+0s] stage filter: 12 trials planned');
    expect(lines[1]).toBe('[+10s] filter 1/12 learningRate=0.1 hiddenSize=8 gradientClip=1 fold 0 completed valLoss=0.3 (w1, 3.0s)');
    await feed.putSweep(recordAt.evaluate());
    for (const r of evaluate) await feed.publishResult(r);
    await feed.putSweep(recordAt.final());
    await feed.publishResult(final);
    await feed.putSweep(recordAt.completed());
    await expect(handle.exited).resolves.toBe('completed');
    expect(lines).toContain('[+30s] stage evaluate: 10 trials planned');
    expect(lines).toContain('[+30s] 2 survivors of the filter stage: point-b, point-a');
    expect(lines).toContain('[+1m01s] sweep completed');
    const table = lines.slice(lines.indexOf('[+1m01s] sweep completed') + 1);
    expect(table[0]).toMatch(/^rank\s+stage\s+learningRate\s+hiddenSize\s+valLoss mean\s+std\s+folds\s+best epoch\s+status$/);
    // The sample std of the five folds (n − 1).
    expect(table[1]).toMatch(/^1\s+evaluate\s+0\.1\s+16\s+0\.17\s+0\.016\s+5\/5\s+2\s+best \*$/);
    expect(table[2]).toMatch(/^2\s+evaluate\s+0\.1\s+8\s+0\.27/);
    expect(table[3]).toMatch(/^3\s+filter\s+0\.01\s+8\s+0\.51/);
    expect(table.at(-1)).toBe('best: learningRate=0.1 hiddenSize=16 gradientClip=1 (point point-b); testLoss=0.16');
    expect(feed.open).toBe(0);
  });

  it('rejects an unknown sweep with a SweepNotFoundError', async () => {
    const feed = new ListFeed();
    await expect(watchSweep({ transport: feed, sweepId: 'nope', stdout: new FakeStdout(80, 24).asStream(), isTTY: false, out: () => undefined }))
      .rejects.toBeInstanceOf(SweepNotFoundError);
    expect(feed.open).toBe(0);
  });
});

describe('watchSweep on a terminal', () => {
  it('rebuilds the sweep from stored results, follows it live, and detaches with q leaving it alone', async () => {
    const feed = new ListFeed();
    const { filter } = wholeSweep();
    await feed.putSweep(record());
    for (const r of filter.slice(0, 6)) await feed.publishResult(r);
    const [stdout, stdin] = [new FakeStdout(100, 30), new FakeStdin()];
    const exits: string[] = [];
    handle = await watchSweep({
      transport: feed, sweepId: SWEEP, stdout: stdout.asStream(), stdin: stdin.asStream(), isTTY: true, debug: true, frameMs: 5,
      onExit: (r) => exits.push(r), clock,
    });
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/6\/12 done/), waitForOptions());
    for (const r of filter.slice(6)) await feed.publishResult(r);
    await feed.publishProgress(progress({ point: 'b', trialId: 'evaluate-point-b-0', stage: 'evaluate', epoch: 2, loss: 0.4, worker: 'w7' }));
    await feed.publishHeartbeat(heartbeat('w7', { trialId: 'evaluate-point-b-0' }));
    await feed.putSweep(recordAt.evaluate());
    await vi.waitFor(() => expect(stdout.lastFrame()).toMatch(/filter\s+█+ 12\/12 done/), waitForOptions());
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('Workers 1'), waitForOptions());
    expect(stdout.lastFrame()).toContain('ep 2/12');
    stdin.press('q');
    await expect(handle.exited).resolves.toBe('detached');
    expect(exits).toEqual(['detached']);
    expect(feed.open).toBe(0);
    expect((await feed.getSweep(SWEEP))?.status).toBe('running');
  });

  it('mounts before the sweep is known, as `seqsweep run` does, and follows it once it starts', async () => {
    const feed = new ListFeed();
    const stdout = new FakeStdout(90, 30);
    const app = renderSweepApp({ transport: feed, stdout: stdout.asStream(), stdin: new FakeStdin().asStream(), debug: true, frameMs: 5, clock });
    handle = app;
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain('(waiting for a sweep)'), waitForOptions());
    await feed.putSweep(record());
    await app.follow(SWEEP);
    await vi.waitFor(() => expect(stdout.lastFrame()).toContain(SWEEP), waitForOptions());
    await expect(app.close()).resolves.toBe('closed');
    expect(feed.open).toBe(0);
  });
});

describe('findNewestRunningSweep', () => {
  it('takes the most recently created sweep that is still running', async () => {
    const feed = new ListFeed();
    await feed.putSweep(record({ sweepId: 'old', createdAt: '2025-01-01T10:00:00.000Z' }));
    await feed.putSweep(record({ sweepId: 'newest-done', createdAt: '2025-01-03T10:00:00.000Z', status: 'completed' }));
    await feed.putSweep(record({ sweepId: 'new', createdAt: '2025-01-02T10:00:00.000Z' }));
    expect((await findNewestRunningSweep(feed))?.sweepId).toBe('new');
    expect(await findNewestRunningSweep(new ListFeed())).toBeNull();
  });
});
