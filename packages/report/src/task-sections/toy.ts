/** The toy task: test signals beside the best model's reconstructions of them. */
import { predict } from '@seqsweep/ml';
import { formatNumber, paragraph, type ReportSection } from '../html.js';
import { chartFigure, type ChartSpec } from '../render-svg.js';
import type { TaskContext } from '../task-context.js';

/** Test signals drawn. */
export const TOY_SIGNALS = 2;

/** The first {@link TOY_SIGNALS} test signals and their reconstructions, one panel each. */
export async function section(ctx: TaskContext): Promise<ReportSection> {
  const { dataset, test, model, results } = ctx;
  const chosen = test.slice(0, TOY_SIGNALS);
  const { reconstruction } = predict(model, dataset, chosen);
  const { steps, features } = dataset;
  const values: { signal: string; curve: string; step: number; value: number }[] = [];
  const errors: string[] = [];
  chosen.forEach((sample, j) => {
    const signal = `test sample ${sample}`;
    let sq = 0;
    for (let t = 0; t < steps; t++) {
      // The toy signal has one feature; wider inputs draw their first feature.
      const input = dataset.x[(sample * steps + t) * features]!;
      const output = reconstruction[(j * steps + t) * features]!;
      sq += (input - output) ** 2;
      values.push({ signal, curve: 'signal', step: t, value: input }, { signal, curve: 'reconstruction', step: t, value: output });
    }
    errors.push(`${signal}: MSE ${formatNumber(sq / steps)}`);
  });
  const spec = {
    data: { values },
    facet: { field: 'signal', type: 'nominal', title: null },
    columns: 2,
    spec: {
      width: 360, height: 170,
      mark: { type: 'line', strokeWidth: 1.6 },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'value', type: 'quantitative', title: 'value' },
        color: { field: 'curve', type: 'nominal', title: null, scale: { domain: ['signal', 'reconstruction'], range: ['#555', '#e4572e'] } },
        strokeDash: { field: 'curve', type: 'nominal', title: null, scale: { domain: ['signal', 'reconstruction'], range: [[1, 0], [5, 3]] } },
      },
    },
  } as ChartSpec;
  const testMse = results.best?.test.testMse;
  return {
    id: 'task',
    title: 'toy: signals and their reconstructions',
    html: [
      paragraph(`Two held-out test signals (with the dip the model has to learn) and the best model's reconstructions. Test MSE over the whole test split: ${formatNumber(testMse)}.`),
      await chartFigure(spec, `${errors.join('; ')}.`),
    ].join('\n'),
  };
}
