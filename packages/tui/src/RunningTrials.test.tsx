import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { RunningTrials } from './RunningTrials.js';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import type { FeedEvent } from './feed.js';
import { SWEEP, progress, timed } from '../test-support/fixtures.js';
import { waitForOptions } from '@seqsweep/core/testing';

afterEach(cleanup);

describe('RunningTrials', () => {
  it('draws each running trial’s loss as a sparkline, with epoch/total and worker', async () => {
    const losses = [0.9, 0.5, 0.3, 0.2, 0.15, 0.1];
    const events = losses.map((loss, i): FeedEvent => ({
      kind: 'progress', progress: progress({ point: 'a', trialId: 'trial-0001', epoch: i + 1, loss, worker: 'gpu-box-3' }),
    }));
    const s = foldEvents(initialState(SWEEP), timed(events));
    const { lastFrame } = render(
      <RunningTrials trials={[...s.running.values()]} labelOf={() => 'lr=0.1 h=8'} selected={null} focused={false} width={100} height={5} />,
    );
    await vi.waitFor(() => expect(lastFrame()).toContain('trial-00'), waitForOptions());
    const line = lastFrame()!.split('\n').find((l) => l.includes('trial-00'))!;
    expect(line).toMatch(/filter +█▅▃▂▁▁ ep 6\/12 +0\.1 gpu-box-3/);
    expect(line).toContain('lr=0.1 h=8');
    expect(lastFrame()).toContain('Running 1 trial');
  });

  it('says when nothing runs', async () => {
    const { lastFrame } = render(<RunningTrials trials={[]} labelOf={(id) => id} selected={null} focused width={80} height={3} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('none'), waitForOptions());
  });
});
