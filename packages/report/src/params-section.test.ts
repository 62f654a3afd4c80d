import { describe, expect, it } from 'vitest';
import { parseSpec, pointId, type ResultsFile } from '@seqsweep/core';
import { formatValue } from './html.js';
import { paramsSection } from './params-section.js';

describe('parameters drawn from a space', () => {
  it('show to 3 significant digits, whole numbers as they are', () => {
    expect(formatValue(0.012345678)).toBe('0.0123');
    expect(formatValue(0.000123456)).toBe('1.23e-4');
    expect(formatValue(3.14159)).toBe('3.14');
    expect(formatValue(64)).toBe('64');
    expect(formatValue('adam')).toBe('adam');
  });

  it('plots a parameter drawn from a range by its value, and names the strategy', async () => {
    // A spec with a space of int values under grid: 4..40 has more values than an ordinal axis holds.
    const spec = parseSpec({ name: 'p', task: { name: 'noop' }, model: { name: 'lstm-ae' }, space: { hiddenSize: { int: [4, 40] } } });
    const drawn = [7, 19, 33].map((hiddenSize) => ({ hiddenSize }));
    const trials = drawn.flatMap((params, i) => [0, 1].map((fold) => ({
      id: `${pointId(params)}-${fold}`, pointId: pointId(params), stage: 'filter' as const, params, fold, status: 'completed' as const,
      metrics: { valLoss: i + fold / 10 }, history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, finishedAt: '', backend: 'none',
    })));
    const results = { spec, objective: spec.objective, trials, leaderboard: [], search: { strategy: 'grid', drawn, parallel: 1 } } as unknown as ResultsFile;
    const { html } = await paramsSection(results);
    expect(html).toContain('Stage one&#39;s 3 points were drawn by strategy grid.');
    expect(html).toContain('valLoss against hiddenSize: dots are folds');
  });
});
