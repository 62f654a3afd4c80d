/**
 * The sp500 task: predicted against actual prices in dollars, the unseen last day, the persistence baseline, and the
 * second half of windows predicted in closed loop.
 */
import { MAX_NEXT_DAY_WINDOWS, randomSplitWarning, type MinMaxScaler } from '@seqsweep/core';
import { forecastScores } from '@seqsweep/ml';
import { escapeHtml, formatNumber, htmlTable, paragraph, type ReportSection } from '../html.js';
import { chartFigure, type ChartSpec } from '../render-svg.js';
import { blockingNote, differenceClause, toDollars, type PersistenceVerdict, type Sp500Errors, type WindowData } from '../sp500-errors.js';
import { multiStepPart } from '../sp500-multistep-section.js';
import type { TaskContext } from '../task-context.js';

/** Test windows scored at most (evenly spaced over the test split beyond that). */
export const MAX_SP500_WINDOWS = MAX_NEXT_DAY_WINDOWS;
/** Companies drawn in the price chart, and test windows drawn per company. */
export const SP500_COMPANIES = 4;
const WINDOWS_PER_COMPANY = 250;
/** Companies listed in the error table. */
const TABLE_COMPANIES = 20;

/**
 * The verdict sentence, in plain words, from the paired test of `e.difference` (see `PairedDifference` in
 * sp500-errors.ts): the model beats "tomorrow equals today" only when its next-day squared error is lower by more
 * than `SIGNIFICANT_Z` standard errors, is worse only when higher by as much, and is otherwise no better.
 */
export function persistenceVerdict(e: Sp500Errors): { text: string; beats: boolean; verdict: PersistenceVerdict } {
  const { model, persistence } = e.scaled;
  const { verdict } = e.difference;
  const pct = `${formatNumber(Math.abs(1 - model / persistence) * 100, 3)}%`;
  const than = `that of predicting that tomorrow equals today (${formatNumber(persistence)}) on the same ${e.windows} windows`;
  const mse = `its next-day test MSE (${formatNumber(model)})`;
  const noise = differenceClause(e.difference);
  const text = verdict === 'beats'
    ? `The model beats persistence significantly: ${mse} is ${pct} lower than ${than}; ${noise}.`
    : verdict === 'worse'
      ? `The model is significantly worse than persistence: ${mse} is ${pct} higher than ${than}; ${noise}. It has learned nothing useful for next-day prediction: "tomorrow equals today" does better.`
      : `The model is no better than persistence: ${mse} is ${model === persistence ? 'equal to' : `${pct} ${model < persistence ? 'lower' : 'higher'} than`} ${than}, within noise: ${noise}. It has learned nothing useful for next-day prediction beyond "tomorrow equals today".`;
  return { text, beats: verdict === 'beats', verdict };
}

function errorTable(e: Sp500Errors): string {
  const row = (what: string, m: { model: number; persistence: number }, unit: string): string[] =>
    [what, unit, formatNumber(m.model), formatNumber(m.persistence), formatNumber(m.model / m.persistence, 3)];
  const shown = [...e.companies].sort((a, b) => b.windows - a.windows).slice(0, TABLE_COMPANIES);
  const rows = [
    row(`all (${e.windows} windows)`, e.scaled, 'scaled'),
    row(`all (${e.windows} windows)`, e.dollars, '$²'),
    ...shown.map((c) => row(`${c.name} (${c.windows})`, c.dollars, '$²')),
  ];
  const note = e.companies.length > shown.length ? paragraph(`The ${e.companies.length - shown.length} companies with the fewest test windows are left out of the table.`, 'note') : '';
  return htmlTable(['windows', 'unit', 'model MSE', 'persistence MSE', 'model / persistence'], rows, { numeric: [2, 3, 4] }) + note;
}

async function pricesFigure(ctx: TaskContext, data: WindowData, indices: Int32Array, prediction: Float32Array): Promise<string> {
  const T = data.steps;
  const F = data.features ?? 1;
  const { stride } = data;
  const firstOfGroup = new Map<number, number>();
  data.groups.forEach((g, i) => { if (!firstOfGroup.has(g)) firstOfGroup.set(g, i); });
  const byGroup = new Map<number, number[]>();
  indices.forEach((sample, j) => byGroup.set(data.groups[sample]!, [...(byGroup.get(data.groups[sample]!) ?? []), j]));
  const groups = [...byGroup.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]).slice(0, SP500_COMPANIES);
  const values: { company: string; curve: string; day: number; price: number }[] = [];
  for (const [group, positions] of groups) {
    const scaler: MinMaxScaler | undefined = data.scalers[group];
    const company = scaler?.name ?? `group ${group}`;
    for (const j of positions.slice(-WINDOWS_PER_COMPANY)) {
      const sample = indices[j]!;
      const day = (sample - firstOfGroup.get(group)!) * stride + T;
      values.push({ company, curve: 'actual', day, price: toDollars(data.target[(sample * T + T - 1) * F]!, scaler) },
        { company, curve: 'predicted', day, price: toDollars(prediction[(j * T + T - 1) * F]!, scaler) });
    }
  }
  const spec = {
    data: { values },
    facet: { field: 'company', type: 'nominal', title: null },
    columns: 2,
    resolve: { scale: { y: 'independent', x: 'independent' } },
    spec: {
      width: 400, height: 190,
      mark: { type: 'line', point: { size: 10 }, strokeWidth: 1.2 },
      encoding: {
        x: { field: 'day', type: 'quantitative', title: 'day of the series' },
        y: { field: 'price', type: 'quantitative', title: 'price ($)', scale: { zero: false } },
        color: { field: 'curve', type: 'nominal', title: null, scale: { domain: ['actual', 'predicted'], range: ['#555', '#e4572e'] } },
      },
    },
  } as ChartSpec;
  return chartFigure(spec, `Next-day price of the test windows (up to the last ${WINDOWS_PER_COMPANY} per company), actual and predicted, in dollars (each company's MinMax scaler inverted).`);
}

async function stepsFigure(e: Sp500Errors): Promise<string> {
  const T = e.perStep.length;
  const values = [...e.perStep].map((mse, t) => ({ step: t + 1, mse, day: t === T - 1 ? 'the day after the window' : 'a day in the window' }));
  const seen = T > 1 ? e.perStep.slice(0, T - 1).reduce((a, b) => a + b, 0) / (T - 1) : NaN;
  const spec = {
    data: { values }, width: 520, height: 180,
    mark: 'bar',
    encoding: {
      x: { field: 'step', type: 'ordinal', title: 'step of the window (its output is the prediction of the following day)', axis: { labelAngle: 0 } },
      y: { field: 'mse', type: 'quantitative', title: 'MSE (scaled)' },
      color: { field: 'day', type: 'nominal', title: 'predicted day', legend: { labelLimit: 300 }, scale: { domain: ['a day in the window', 'the day after the window'], range: ['#9ab', '#e4572e'] } },
    },
  } as ChartSpec;
  const last = e.perStep[T - 1]!;
  return chartFigure(spec, `MSE on the last, unseen day: ${formatNumber(last)}; on the other days, which are in the window: ${formatNumber(seen)} (the last day's error is ${formatNumber(last / seen, 3)} times theirs).`);
}

/**
 * Prices in dollars, the last unseen day against the rest of the window, and the model against persistence, next
 * day and over the second half of the window. The figures are `forecastScores` of @seqsweep/core on the dataset
 * scaled as the final trial was (scalers fit on the whole training period), the same the final trial recorded in
 * results.json's `best.vsPersistence`.
 */
export async function section(ctx: TaskContext): Promise<ReportSection> {
  const { dataset } = ctx;
  const task = ctx.results.spec.task.name;
  const section = (html: string): ReportSection => ({ id: 'task', title: `${task}: prices, the unseen day, persistence and multi-step`, html });
  if (!dataset.target || !dataset.groups) return section(paragraph('The task plots are missing because the dataset has no prediction targets.', 'note'));
  const scores = forecastScores(ctx.model, dataset, ctx.test);
  if (!scores) return section(paragraph('The task plots are missing because the saved best model has no next-day prediction output.', 'note'));
  const stride = typeof dataset.info.stride === 'number' ? dataset.info.stride : 1;
  const data: WindowData = { x: dataset.x, target: dataset.target, groups: dataset.groups, steps: dataset.steps, features: dataset.features, stride, scalers: dataset.info.scalers ?? [], dates: dataset.dates };
  const { nextDay: errors, nextDayIndices: indices, prediction } = scores;
  const verdict = persistenceVerdict(errors);
  const sampled = indices.length < ctx.test.length ? ` (${indices.length} of the ${ctx.test.length} test windows, evenly spaced)` : '';
  const leak = randomSplitWarning(ctx.results.spec.split, task);
  return section([
    ...(leak ? [`<p class="verdict">${escapeHtml(`Warning: ${leak}.`)}</p>`] : []),
    `<p class="verdict${verdict.beats ? ' good' : ''}">${escapeHtml(verdict.text)}</p>`,
    paragraph(blockingNote(errors.difference), 'note'),
    paragraph(`Next-day errors on the held-out test windows${sampled}: the model's last output against persistence, which predicts each window's next day by its last day. Dollar MSE inverts each series' scaler, which was fit on the training period only.`),
    errorTable(errors),
    await pricesFigure(ctx, data, indices, prediction),
    paragraph('The study compared the error on the last day of each window, the one predicted day that is not in the input window at all, with the error on the other days, which are in the window. The model reads a window step by step, so it predicts each day before it reads it, with less history early in the window.'),
    await stepsFigure(errors),
    scores.multiStep
      ? await multiStepPart(scores.multiStep, ctx.test.length)
      : paragraph(`The multi-step part is missing because the windows have ${dataset.features} features per day, and the closed loop feeds back one.`, 'note'),
  ].join('\n'));
}
