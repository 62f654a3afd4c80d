/** Training and validation loss against epochs for every trial, one panel per point, one colour per fold. */
import { atReachedRung, type ResultsFile, type ResultsTrial } from '@seqsweep/core';
import { paragraph, type ReportSection } from './html.js';
import { compactLabel, paramKeys } from './point-labels.js';
import { curveMark, EPOCH_AXIS, trainValDash } from './curve-marks.js';
import { chartFigure, type ChartSpec } from './render-svg.js';

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Panels drawn per stage at most; the best-ranked points are kept. */
export const MAX_CURVE_PANELS = 48;

interface CurvePoint {
  readonly point: string;
  readonly order: number;
  readonly fold: string;
  readonly series: 'train' | 'validation';
  readonly epoch: number;
  readonly loss: number;
}

function curvePoints(trials: readonly ResultsTrial[], label: (t: ResultsTrial) => string, order: (t: ResultsTrial) => number): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const t of trials) {
    const fold = t.fold < 0 ? 'final' : `fold ${t.fold}`;
    t.history.forEach((h, i) => {
      for (const [key, series] of [['loss', 'train'], ['valLoss', 'validation']] as const) {
        const v = h[key];
        if (typeof v === 'number' && Number.isFinite(v)) out.push({ point: label(t), order: order(t), fold, series, epoch: i + 1, loss: v });
      }
    });
  }
  return out;
}

function curvesSpec(values: CurvePoint[], title: string): ChartSpec {
  const positive = values.every((v) => v.loss > 0);
  return {
    title,
    data: { values },
    facet: { field: 'point', type: 'nominal', title: null, sort: { field: 'order' } },
    columns: 4,
    spec: {
      width: 190, height: 110,
      mark: curveMark(values),
      encoding: {
        x: EPOCH_AXIS,
        y: { field: 'loss', type: 'quantitative', title: 'loss', axis: { tickCount: 4 }, scale: positive ? { type: 'log', nice: false } : { zero: false } },
        color: { field: 'fold', type: 'nominal', title: 'fold', legend: { symbolType: 'stroke' } },
        strokeDash: trainValDash('series'),
        detail: { field: 'fold' },
      },
    },
    resolve: { scale: { y: 'shared' } },
  } as ChartSpec;
}

/** One chart per stage that has trials with history; each panel is a point, titled by its parameter values. */
export async function curvesSection(results: ResultsFile): Promise<ReportSection> {
  const keys = paramKeys(results);
  const rank = new Map(results.leaderboard.map((e) => [e.pointId, e.rank]));
  const unranked = results.leaderboard.length + 1;
  const parts = [paragraph(`Solid lines are the training loss, dashed lines the validation loss, per epoch. Panels are titled by ${keys.length > 0 ? keys.join(' · ') : 'the point'} and ordered by rank.`)];
  for (const stage of ['filter', 'evaluate', 'final'] as const) {
    // A fold that trained in rungs is drawn once, from its highest rung's trial, whose history holds every epoch.
    const trials = atReachedRung(results.trials).filter((t) => t.stage === stage && t.status !== 'pruned' && t.history.length > 0);
    if (trials.length === 0) continue;
    const points = [...new Set(trials.map((t) => t.pointId))].sort((a, b) => (rank.get(a) ?? unranked) - (rank.get(b) ?? unranked));
    const shown = new Set(points.slice(0, MAX_CURVE_PANELS));
    const values = curvePoints(trials.filter((t) => shown.has(t.pointId)), (t) => compactLabel(t.params, keys), (t) => rank.get(t.pointId) ?? unranked);
    if (values.length === 0) continue;
    const left = points.length - shown.size;
    const caption = `${stage} stage: ${plural(trials.length, 'trial')} over ${plural(points.length, 'point')}${left > 0 ? `; the ${left} lowest-ranked points are left out (results.json has them)` : ''}.`;
    parts.push(await chartFigure(curvesSpec(values, `${stage} stage`), caption));
  }
  return { id: 'curves', title: 'Loss curves', html: parts.join('\n') };
}
