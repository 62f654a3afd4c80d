/** The mnist task: digits beside their reconstructions, and accuracy and loss against epochs. */
import { predict } from '@seqsweep/ml';
import { atReachedRung, type ResultsTrial } from '@seqsweep/core';
import { formatNumber, paragraph, type ReportSection } from '../html.js';
import { curveMark, EPOCH_AXIS, trainValDash } from '../curve-marks.js';
import { chartFigure, type ChartSpec } from '../render-svg.js';
import type { TaskContext } from '../task-context.js';

/** Digits drawn, each of a different class. */
export const MNIST_DIGITS = 3;

/** The first test samples of {@link MNIST_DIGITS} different classes. */
function pickDigits(test: Int32Array, labels: Int32Array | undefined): Int32Array {
  const seen = new Set<number>();
  const chosen: number[] = [];
  for (const i of test) {
    const label = labels?.[i] ?? chosen.length;
    if (seen.has(label)) continue;
    seen.add(label);
    chosen.push(i);
    if (chosen.length === MNIST_DIGITS) break;
  }
  return Int32Array.from(chosen);
}

const argmax = (v: Float32Array, from: number, n: number): number => {
  let best = 0;
  for (let c = 1; c < n; c++) if (v[from + c]! > v[from + best]!) best = c;
  return best;
};

async function digitsFigure(ctx: TaskContext): Promise<string> {
  const { dataset, model } = ctx;
  const chosen = pickDigits(ctx.test, dataset.labels);
  const out = predict(model, dataset, chosen);
  const size = dataset.steps * dataset.features;
  const side = Math.round(Math.sqrt(size));
  const classes = dataset.numClasses ?? 0;
  const values: { digit: string; image: string; row: number; col: number; v: number }[] = [];
  chosen.forEach((sample, j) => {
    const predicted = out.logits && classes > 0 ? `, predicted ${argmax(out.logits, j * classes, classes)}` : '';
    const digit = `#${sample}: a ${dataset.labels?.[sample] ?? '?'}${predicted}`;
    for (let p = 0; p < size; p++) {
      const row = Math.floor(p / side);
      const col = p % side;
      values.push({ digit, image: 'input', row, col, v: dataset.x[sample * size + p]! }, { digit, image: 'reconstruction', row, col, v: out.reconstruction[j * size + p]! });
    }
  });
  const spec = {
    data: { values },
    facet: { column: { field: 'digit', type: 'nominal', title: null }, row: { field: 'image', type: 'nominal', title: null, sort: ['input', 'reconstruction'] } },
    spec: {
      width: side * 5, height: side * 5,
      mark: 'rect',
      encoding: {
        x: { field: 'col', type: 'ordinal', axis: null },
        y: { field: 'row', type: 'ordinal', axis: null },
        color: { field: 'v', type: 'quantitative', title: 'intensity', scale: { domain: [0, 1], range: ['#ffffff', '#000000'], clamp: true } },
      },
    },
  } as ChartSpec;
  return chartFigure(spec, `${chosen.length} held-out digits (top) and the best model's reconstructions (bottom), with its predicted class.`);
}

const SERIES = { loss: 'train', valLoss: 'validation', accuracy: 'train', valAccuracy: 'validation' } as const;

function historyValues(trials: readonly ResultsTrial[], keys: readonly (keyof typeof SERIES)[]) {
  return trials.flatMap((t) => t.history.flatMap((h, i) => keys.flatMap((key) => {
    const v = h[key];
    return typeof v === 'number' && Number.isFinite(v) ? [{ trial: t.fold < 0 ? 'final' : `${t.stage} fold ${t.fold}`, curve: SERIES[key], epoch: i + 1, value: v }] : [];
  })));
}

function epochsSpec(values: ReturnType<typeof historyValues>, title: string): ChartSpec {
  return {
    title, data: { values }, width: 340, height: 200,
    mark: curveMark(values),
    encoding: {
      x: EPOCH_AXIS,
      y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
      color: { field: 'trial', type: 'nominal', title: 'trial' },
      strokeDash: trainValDash('curve'),
    },
  } as ChartSpec;
}

/** Three digits with their reconstructions, then the best point's accuracy and loss per epoch in every trial of it. */
export async function section(ctx: TaskContext): Promise<ReportSection> {
  const best = ctx.results.best!;
  const trials = atReachedRung(ctx.results.trials).filter((t) => t.pointId === best.pointId && t.stage !== 'filter' && t.history.length > 0);
  const accuracy = historyValues(trials, ['accuracy', 'valAccuracy']);
  const loss = historyValues(trials, ['loss', 'valLoss']);
  const curves = [
    accuracy.length > 0 ? await chartFigure(epochsSpec(accuracy, 'accuracy'), 'Accuracy per epoch of the best point: its evaluate-stage folds and the final retraining.') : '',
    loss.length > 0 ? await chartFigure(epochsSpec(loss, 'loss'), 'Loss per epoch of the same trials.') : '',
  ].filter((s) => s.length > 0);
  const { testAccuracy, testMse } = best.test;
  return {
    id: 'task',
    title: 'mnist: digits, reconstructions, accuracy',
    html: [
      paragraph(`Test accuracy ${typeof testAccuracy === 'number' ? `${formatNumber(testAccuracy * 100)}%` : '–'}, test reconstruction MSE ${formatNumber(testMse)}, on ${ctx.test.length} held-out digits.`),
      await digitsFigure(ctx),
      `<div class="row">\n${curves.join('\n')}\n</div>`,
    ].join('\n'),
  };
}
