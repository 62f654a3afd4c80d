import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { waitForOptions } from '@seqsweep/core/testing';
import { ImportancePanel } from './ImportancePanel.js';
import { bestSoFar, liveImportance } from './insight.js';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { midSweep } from '../test-support/scenario.js';
import { CREATED, SWEEP } from '../test-support/fixtures.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const importance = { method: 'fanova-random-forest' as const, points: 9, resamples: 3, params: { hiddenSize: { share: 0.1, std: 0.02 }, learningRate: { share: 0.6, std: 0.05 } } };

describe('ImportancePanel', () => {
  it('draws one bar per parameter, most important first, with its share and std, and the best so far', async () => {
    const r = render(<ImportancePanel importance={importance} scored={9} best={[0.5, 0.3, 0.3, 0.2]} metric="valLoss" width={80} />);
    unmount = r.unmount;
    await vi.waitFor(() => expect(r.lastFrame()).toContain('learningRate'), waitForOptions());
    const lines = r.lastFrame()!.split('\n');
    const lr = lines.findIndex((l) => l.includes('learningRate'));
    const hs = lines.findIndex((l) => l.includes('hiddenSize'));
    expect(lr).toBeGreaterThan(0);
    expect(hs).toBe(lr + 1);
    // The bar's length follows the share: 0.6 against 0.1 of the same width.
    const blocks = (l: string): number => [...l].filter((c) => c === '█').length;
    expect(blocks(lines[lr]!)).toBeGreaterThan(5 * blocks(lines[hs]!) - 2);
    expect(lines[lr]).toMatch(/ 60% ± 5\.0%$/);
    expect(lines[hs]).toMatch(/ 10% ± 2\.0%$/);
    expect(r.lastFrame()).toContain('9 stage-one points');
    expect(r.lastFrame()).toMatch(/█▃▃▁\s+0\.2/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('says how many points importance needs while there are too few', async () => {
    const r = render(<ImportancePanel importance={null} scored={2} best={[0.5, 0.3]} metric="valLoss" width={80} />);
    unmount = r.unmount;
    await vi.waitFor(() => expect(r.lastFrame()).toContain('needs 4 stage-one points with a valLoss over a swept parameter; 2 so far'), waitForOptions());
  });
});

describe('live insight from the results that arrived', () => {
  it('finds the learning rate (a 0.2 step) above the hidden size (0.1) on the mid-sweep, and the best so far per point', () => {
    const state = foldEvents(initialState(SWEEP, CREATED), midSweep().map((event) => ({ ...event, at: CREATED })));
    const imp = liveImportance(state)!;
    expect(imp.points).toBe(4);
    expect(imp.params.learningRate!.share).toBeGreaterThan(imp.params.hiddenSize!.share);
    expect(bestSoFar(state).map((v) => Number(v.toFixed(4)))).toEqual([0.21, 0.21, 0.21, 0.21]);
  });
});
