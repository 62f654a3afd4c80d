import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, rungOf, type ResultsFile, type TrialAssignment } from '@seqsweep/core';
import { Coordinator } from '@seqsweep/coordinator';
import { buildReport } from './build-report.js';
import { foldScores, stageScores } from './point-scores.js';
import { answerFidelity } from '../test-support/fidelity-answer.js';

/** Points differ by learning rate (0.01 is best) and a little by hidden size; more epochs always help. */
const curve = (a: TrialAssignment, epochs: number): number =>
  Math.abs(Math.log10(Number(a.params.learningRate)) + 2) * 0.1 + Number(a.params.hiddenSize) / 1000 + 2 / epochs + (a.split.kind === 'kfold' ? a.split.fold * 1e-3 : 0);

/** A 9-point sweep answered by {@link answerFidelity}; `stages` as the spec writes them. */
async function sweep(name: string, stages: Record<string, unknown>): Promise<{ html: string; results: ResultsFile }> {
  const transport = new MemoryTransport();
  const stop = new AbortController();
  const worker = answerFidelity(transport, curve, stop.signal);
  const spec = parseSpec({ name, seed: 5, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32] }, stages });
  try {
    const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'halving-report-')) }).start({ spec });
    return { html: await buildReport(outcome.dir, outcome.results), results: outcome.results };
  } finally {
    stop.abort();
    await worker;
  }
}

/** The filter stage trains 9 points at 1, 3 and 9 epochs; the evaluate stage its 2 survivors at 3 and 9. */
const HALVING = {
  filter: { folds: 2, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } },
  evaluate: { folds: 2, epochs: 9, halving: { minEpochs: 3 } },
};

/** The section's HTML, from its heading to the next one. */
const section = (html: string, id: string): string => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));

describe('the successive halving section', () => {
  it('says the epochs run against a plain run, estimates the compute without halving, and tables each stage\'s rungs', async () => {
    const { html, results } = await sweep('halving-report', HALVING);
    const h = results.halving!;
    const filter = h.stages.filter!;
    const evaluate = h.stages.evaluate!;
    const run = filter.epochsRun + evaluate.epochsRun;
    const plain = filter.worstCaseEpochs + evaluate.worstCaseEpochs;
    expect(plain).toBe(9 * 2 * 9 + 2 * 2 * 9);
    const part = section(html, 'halving');
    expect(part).toContain(`${run} epochs were trained where the same sweep without them trains ${plain}`);
    expect(part).toContain(`${plain - run} epochs saved`);
    expect(part).toContain('That is an estimate from epochs');
    expect(part).toMatch(/Stage filter \(asynchronous successive halving, first rung 1 epoch, reduction 3: [^)]*\): rungs at 1, 3 and 9 epochs; 9 reached 1 epoch, \d+ reached 3 epochs and 2 reached 9 epochs; \d+ points halted/);
    expect(part).toMatch(/Stage evaluate \(asynchronous successive halving, first rung 3 epochs, reduction 3[^)]*\): rungs at 3 and 9 epochs/);
    // The rung table: each rung's epochs, the points that reached it, went on from it and were halted at it.
    const cells = (row: readonly (number | string)[]): string => row.map((c) => `<td class="num">${c}</td>`).join('');
    const promoted = (k: number): number => h.state!.promoted.filter((p) => p.stage === 'filter' && p.rung === k + 1).length;
    const haltedAt = (k: number): number => h.state!.halted.filter((x) => x.stage === 'filter' && x.rung === k).length;
    expect(part).toContain(cells([0, 1, 9, promoted(0), haltedAt(0)]));
    expect(part).toContain(cells([1, 3, filter.reached[1]!, promoted(1), haltedAt(1)]));
    expect(part).toContain(cells([2, 9, 2, '–', haltedAt(2)]));
    expect(haltedAt(0) + haltedAt(1)).toBe(filter.halted);
    expect(part).toContain('<figure>');
    expect(part).toContain('a cross ends a halted point, a circle one that reached the top rung');
    expect(promoted(0)).toBe(filter.reached[1]);
    // The chart's legend names the fates: halted, and reached the top rung.
    expect(part).toMatch(/<text[^>]*>halted<\/text>/);
    expect(part).toMatch(/<text[^>]*>reached the top rung<\/text>/);
  });

  it('keeps the generic sections right when a fold has a trial per rung: scores at the reached rung, halted points worded', async () => {
    const { html, results } = await sweep('halving-generic', HALVING);
    const halted = results.leaderboard.filter((e) => e.status === 'halted');
    expect(halted.length).toBeGreaterThan(0);
    const first = halted[0]!.halted!;
    expect(section(html, 'leaderboard')).toContain(`halted at ${first.epochs} epoch${first.epochs === 1 ? '' : 's'} (rank ${first.rank} of ${first.of})`);
    // Each fold is scored once, at the highest rung its point reached: the means agree with the leaderboard's.
    const scores = stageScores(foldScores(results), 'filter');
    for (const e of results.leaderboard.filter((x) => x.stage === 'filter' && x.mean !== null)) {
      expect(scores.get(e.pointId)?.folds).toBe(e.folds);
      expect(scores.get(e.pointId)?.mean).toBeCloseTo(e.mean!, 12);
    }
    // The loss curves draw one trial per fold (its top rung's, whose history holds every epoch).
    const filterTrials = results.trials.filter((t) => t.stage === 'filter');
    expect(filterTrials.some((t) => rungOf(t) > 0)).toBe(true);
    expect(section(html, 'curves')).toContain('filter stage: 18 trials over 9 points');
    expect(section(html, 'history')).toContain('Optimisation history');
    expect(html).not.toContain('NaN');
  });

  it('counts a raced stage\'s folds at each point\'s last rung when racing runs within rungs', async () => {
    const { html, results } = await sweep('halving-race', {
      filter: { folds: 3, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 }, race: true },
      evaluate: { folds: 2, epochs: 9 },
    });
    expect(results.halving?.stages.filter).toBeDefined();
    expect(section(html, 'halving')).toContain('Stage filter (asynchronous successive halving');
    expect(results.race?.stages.filter).toBeDefined();
    const racing = section(html, 'racing');
    expect(racing).toContain('folds run (last rung)');
    expect(racing).toMatch(/Fold racing ran \d+ of \d+ fold trials \(one per rung a fold trained\)/);
    expect(racing).toMatch(/Stage filter \([^)]*\): \d+ points? raced out; \d+ fold trials run/);
    // Every point has its 3 folds at its last rung, run or skipped: none counted once per rung.
    const rows = [...racing.matchAll(/<tr><td>[^<]*<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)];
    expect(rows).toHaveLength(9);
    for (const [, ran, skipped] of rows) expect(Number(ran) + Number(skipped)).toBe(3);
  });

  it('is left out when no stage trains in rungs', async () => {
    const { html, results } = await sweep('no-halving', { filter: { folds: 2, epochs: 3, keep: 2 }, evaluate: { folds: 2, epochs: 3 } });
    expect(results.halving).toBeUndefined();
    expect(html).not.toContain('Successive halving');
  });
});
