/** The sp500 report's multi-step part: the second half of test windows predicted in closed loop, against persistence. */
import { escapeHtml, formatNumber, htmlTable, paragraph } from './html.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { MAX_ROLLOUT_WINDOWS } from '@seqsweep/core';
import { blockingNote, differenceClause, type PersistenceVerdict } from './sp500-errors.js';
import type { MultiStepErrors } from './sp500-multistep-errors.js';

export { MAX_ROLLOUT_WINDOWS } from '@seqsweep/core';

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** Whole numbers in ascending order as ranges: `1-3, 5 and 7`. */
export function stepRanges(values: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    ranges.push(j > i ? `${values[i]}-${values[j]}` : `${values[i]}`);
    i = j + 1;
  }
  return ranges.length > 1 ? `${ranges.slice(0, -1).join(', ')} and ${ranges.at(-1)}` : ranges.join('');
}

/**
 * The verdict over the whole horizon, in plain words, from the paired test of `e.difference` (per window, the mean
 * over the horizon), and at how many horizon steps the model's MSE is the lower.
 */
/** The horizon steps as days ahead: `1 day ahead`, `2 days ahead`, `1 and 3 days ahead`. */
export function aheadText(steps: readonly number[]): string {
  return `${stepRanges(steps)} ${steps.length === 1 && steps[0] === 1 ? 'day' : 'days'} ahead`;
}

export function multiStepVerdict(e: MultiStepErrors): { text: string; beats: boolean; verdict: PersistenceVerdict } {
  const { model, persistence } = e.scaled;
  const { verdict } = e.difference;
  const better = [...e.perStep.scaled.model].flatMap((m, k) => (m < e.perStep.scaled.persistence[k]! ? [k + 1] : []));
  const where = better.length === 0
    ? 'It is not lower at any horizon step.'
    : `It is lower at ${better.length} of the ${e.horizon} horizon steps${better.length === e.horizon ? '' : ` (${aheadText(better)})`}.`;
  const what = `fed its own predictions for the last ${days(e.horizon)} of each window after seeing the first ${days(e.seen)}, its MSE over those days (${formatNumber(model)})`;
  const than = `that of holding the last seen day flat (${formatNumber(persistence)}) on the same ${e.windows} windows`;
  const pct = `${formatNumber(Math.abs(1 - model / persistence) * 100, 3)}%`;
  const noise = differenceClause(e.difference);
  const text = verdict === 'beats'
    ? `The model beats persistence significantly over the horizon: ${what} is ${pct} lower than ${than}; ${noise}.`
    : verdict === 'worse'
      ? `The model is significantly worse than persistence over the horizon: ${what} is ${pct} higher than ${than}; ${noise}. It has learned nothing useful for multi-step prediction: holding the last day flat does better.`
      : `The model is no better than persistence over the horizon: ${what} is ${model === persistence ? 'equal to' : `${pct} ${model < persistence ? 'lower' : 'higher'} than`} ${than}, within noise: ${noise}. It has learned nothing useful for multi-step prediction beyond holding the last day flat.`;
  return { text: `${text} ${where}`, beats: verdict === 'beats', verdict };
}

function horizonTable(e: MultiStepErrors): string {
  const { scaled, dollars } = e.perStep;
  const row = (what: string, s: { model: number; persistence: number }, d: { model: number; persistence: number }): string[] =>
    [what, formatNumber(s.model), formatNumber(s.persistence), formatNumber(d.model), formatNumber(d.persistence), formatNumber(s.model / s.persistence, 3)];
  const rows = [
    row(`all ${e.horizon} steps`, e.scaled, e.dollars),
    ...[...scaled.model].map((_, k) => row(`${days(k + 1)} ahead`, { model: scaled.model[k]!, persistence: scaled.persistence[k]! }, { model: dollars.model[k]!, persistence: dollars.persistence[k]! })),
  ];
  return htmlTable(['horizon', 'model MSE (scaled)', 'persistence MSE (scaled)', 'model MSE ($²)', 'persistence MSE ($²)', 'model / persistence'], rows, { numeric: [1, 2, 3, 4, 5] });
}

async function horizonFigure(e: MultiStepErrors): Promise<string> {
  const values = [...e.perStep.scaled.model].flatMap((m, k) => [
    { ahead: k + 1, mse: m, curve: 'model (closed loop)' },
    { ahead: k + 1, mse: e.perStep.scaled.persistence[k]!, curve: 'persistence' },
  ]);
  const spec = {
    data: { values }, width: 520, height: 200,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'ahead', type: 'quantitative', title: 'days ahead (horizon step)', axis: { tickMinStep: 1 }, scale: { domainMin: 1 } },
      y: { field: 'mse', type: 'quantitative', title: 'MSE (scaled)' },
      color: { field: 'curve', type: 'nominal', title: null, scale: { domain: ['model (closed loop)', 'persistence'], range: ['#e4572e', '#555'] } },
    },
  } as ChartSpec;
  return chartFigure(spec, `Closed-loop MSE against the horizon, model and persistence, on ${e.windows} test windows (scaled units; the table has dollars).`);
}

/**
 * The multi-step part: `errors` of the closed loop over the second half of up to {@link MAX_ROLLOUT_WINDOWS} of the
 * `testWindows` test windows (see `scoreForecast` in @seqsweep/core), and whether it beats persistence over the horizon.
 */
export async function multiStepPart(errors: MultiStepErrors, testWindows: number): Promise<string> {
  const T = errors.seen + errors.horizon;
  const verdict = multiStepVerdict(errors);
  const n = errors.windows;
  const sampled = n < testWindows ? `${n} of the ${testWindows} test windows, evenly spaced (at most ${MAX_ROLLOUT_WINDOWS} are rolled out, to bound the cost)` : `all ${n} test windows (at most ${MAX_ROLLOUT_WINDOWS} are rolled out, to bound the cost)`;
  return [
    '<h3>Multi-step: the second half of each window predicted from the first</h3>',
    paragraph(`The model sees the first ${days(errors.seen)} of a ${T}-day test window; its prediction of the next day is appended to its input and it is run again, so that from the second predicted day on it reads its own outputs, until it has predicted the remaining ${days(errors.horizon)}. Nothing is retrained. Persistence holds the last seen day flat over the same days. Scored on ${sampled}.`),
    `<p class="verdict${verdict.beats ? ' good' : ''}">${escapeHtml(verdict.text)}</p>`,
    paragraph(blockingNote(errors.difference), 'note'),
    horizonTable(errors),
    await horizonFigure(errors),
  ].join('\n');
}
