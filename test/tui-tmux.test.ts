/**
 * The TUI in a real terminal: `seqsweep run` in a tmux pane, read back as the user sees it. The header carries stage
 * one's best so far, `i` opens the importance panel (redrawn as points finish), and the help lists the key.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDeadline } from '@seqsweep/core/testing';
import { CLI } from './support/cli.js';
import { noopSpec, tempDir, writeSpec } from './support/spec.js';
import { describeTmux, TmuxSession } from './support/tmux.js';

const required = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_TMUX === '1';

describeTmux(required, { describe, it })('the TUI in tmux', () => {
  let session: TmuxSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('shows the best so far in the header and the importance panel on i, listed in the help; Ctrl+C stops the run', async () => {
    const dir = await tempDir('tmux-tui');
    // Nine points of 1.5 s trials on one worker: stage one lasts long enough to watch its importance fill in.
    const spec = await writeSpec(dir, { ...noopSpec('tmux-tui', 1500), grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32] } });
    session = TmuxSession.start([process.execPath, CLI, 'run', spec, '--out', join(dir, 'runs'), '--workers', '1'], { cwd: dir, columns: 120, rows: 40 });
    await session.waitFor(/Leaderboard/);
    session.keys('i');
    await session.waitFor(/Parameter importance/);
    const screen = await session.waitFor(/fANOVA over a random forest, ([4-9]) stage-one points/);
    const lines = screen.split('\n');
    expect(lines.find((l) => /^\s+learningRate /.test(l))).toMatch(/^\s+learningRate +[█·]+ +\d+(\.\d)?%/);
    expect(lines.find((l) => /^\s+hiddenSize /.test(l))).toMatch(/^\s+hiddenSize +[█·]+ +\d+(\.\d)?%/);
    expect(lines.find((l) => l.startsWith('best '))).toMatch(/^best [▁▂▃▄▅▆▇█]+ \S+ +split /);
    expect(screen).toContain('i or esc back');
    session.keys('?');
    await session.waitFor(/ i +parameter importance \(bars, redrawn as results arrive\)/);
    session.keys('C-c');
    await session.exited();
  }, testDeadline(120_000));
});
