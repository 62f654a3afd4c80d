/**
 * Successive halving in the report: for each stage that trained in rungs (`halving` or `median`), a rung chart (each
 * point's mean score at each rung it reached, against the rung's epochs: a line through its rungs is its
 * promotions, a halted point's line ends in a cross), the points that reached, went on from and stopped at each rung,
 * and the epochs and compute run against the same stages without rungs.
 */
import { rungOf, type HalvingSummary, type ResultsFile, type ResultsTrial, type RungStageSummary } from '@seqsweep/core';
import { formatNumber, htmlTable, paragraph, type ReportSection } from './html.js';
import { compactLabel, paramKeys } from './point-labels.js';
import { chartFigure, type ChartSpec } from './render-svg.js';
import { logScores } from './sweep-insight.js';

/** Points drawn per rung chart at most: those that went furthest, then the best at their last rung. */
export const MAX_RUNG_LINES = 300;

const FATES = ['reached the top rung', 'halted', 'stopped otherwise'] as const;
type Fate = (typeof FATES)[number];

interface RungScore {
  readonly point: string;
  readonly rung: number;
  readonly epochs: number;
  readonly score: number;
  readonly fate: Fate;
}

const seconds = (ms: number): string => formatNumber(ms / 1000, 3);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const list = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** How a stage's rule is set, in words. */
function ruleText(s: RungStageSummary): string {
  const c = s.config as { minEpochs: number; reduction: number; startup?: number };
  return s.rule === 'halving'
    ? `asynchronous successive halving, first rung ${plural(c.minEpochs, 'epoch')}, reduction ${c.reduction}: the top 1/${c.reduction} of the points that finished a rung go on`
    : `median stopping, first rung ${plural(c.minEpochs, 'epoch')}, reduction ${c.reduction}, startup ${c.startup}: a point worse than the median of those that reached the rung before it stops`;
}

/** Each point's mean objective at each rung it reached, with how its stage ended for it. */
function rungScores(results: ResultsFile, stage: 'filter' | 'evaluate', s: RungStageSummary): RungScore[] {
  const metric = results.objective.metric;
  const keys = paramKeys(results);
  const halted = new Set((results.halving?.state?.halted ?? []).filter((h) => h.stage === stage).map((h) => h.pointId));
  const byPoint = new Map<string, ResultsTrial[]>();
  for (const t of results.trials) if (t.stage === stage) byPoint.set(t.pointId, [...(byPoint.get(t.pointId) ?? []), t]);
  const top = s.rungs.length - 1;
  const rows: RungScore[][] = [];
  for (const [pointId, trials] of byPoint) {
    const own: RungScore[] = [];
    const reached = Math.max(...trials.map(rungOf));
    const fate: Fate = halted.has(pointId) ? 'halted' : reached === top ? 'reached the top rung' : 'stopped otherwise';
    for (let rung = 0; rung <= reached; rung++) {
      const values = trials.filter((t) => rungOf(t) === rung && t.status === 'completed').map((t) => t.metrics[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) continue;
      own.push({ point: compactLabel(trials[0]!.params, keys), rung, epochs: s.rungs[rung]!, score: values.reduce((a, b) => a + b, 0) / values.length, fate });
    }
    if (own.length > 0) rows.push(own);
  }
  const sign = results.objective.mode === 'min' ? 1 : -1;
  rows.sort((a, b) => b.length - a.length || sign * (a.at(-1)!.score - b.at(-1)!.score));
  return rows.slice(0, MAX_RUNG_LINES).flat();
}

function rungChart(rows: readonly RungScore[], s: RungStageSummary, metric: string): ChartSpec {
  const ends = [...new Map(rows.map((r) => [r.point, r])).values()];
  const domain: number[] = [s.rungs[0]!, s.rungs.at(-1)!];
  const ticks: number[] = [...s.rungs];
  const fates: string[] = [...FATES];
  const x = { field: 'epochs', type: 'quantitative', title: 'epochs trained (one tick per rung)', scale: { type: 'log', domain, nice: false }, axis: { values: ticks, format: 'd' } } as const;
  const y = { field: 'score', type: 'quantitative', title: `${metric} (point mean over the rung's folds)`, scale: logScores(rows.map((r) => r.score)) ? { type: 'log' } : { zero: false } } as const;
  const color = { field: 'fate', type: 'nominal', title: 'the point', legend: { labelLimit: 240 }, scale: { domain: fates, range: ['#2a7', '#c33', '#999'] } } as const;
  return {
    width: 520, height: 260,
    layer: [
      { data: { values: [...rows] }, mark: { type: 'line', strokeWidth: 1.2, opacity: 0.55, point: { size: 14, filled: true } }, encoding: { x, y, color, detail: { field: 'point' }, tooltip: [{ field: 'point' }, { field: 'epochs' }, { field: 'score' }] } },
      { data: { values: ends }, mark: { type: 'point', size: 70, strokeWidth: 2 }, encoding: { x, y, color, shape: { field: 'fate', type: 'nominal', title: 'the point', scale: { domain: fates, range: ['circle', 'cross', 'square'] } } } },
    ],
  } as ChartSpec;
}

/** The rungs of one stage as a table: epochs, points reached, promoted on and halted there. */
function rungTable(summary: HalvingSummary, stage: 'filter' | 'evaluate', s: RungStageSummary): string {
  const promoted = (summary.state?.promoted ?? []).filter((p) => p.stage === stage);
  const halted = (summary.state?.halted ?? []).filter((h) => h.stage === stage);
  const rows = s.rungs.map((epochs, k) => [
    String(k), String(epochs), String(s.reached[k] ?? 0),
    k === s.rungs.length - 1 ? '–' : String(promoted.filter((p) => p.rung === k + 1).length),
    String(halted.filter((h) => h.rung === k).length),
  ]);
  return htmlTable(['rung', 'epochs', 'points reached', 'promoted to the next', 'halted here'], rows, { numeric: [0, 1, 2, 3, 4] });
}

/** Epochs run against a plain run's, and the compute a plain run would have spent (estimated from epochs). */
function savingSentence(stages: readonly RungStageSummary[]): string {
  const run = stages.reduce((a, s) => a + s.epochsRun, 0);
  const plain = stages.reduce((a, s) => a + s.worstCaseEpochs, 0);
  const computeMs = stages.reduce((a, s) => a + s.computeMs, 0);
  const saved = Math.max(0, plain - run);
  const estimate = run > 0 ? (computeMs * plain) / run : NaN;
  return `In the stages with rungs, ${run} epochs were trained where the same sweep without them trains ${plain} (every point of the stage × its folds × the stage's epochs): ` +
    `${saved} epochs saved (${plain > 0 ? formatNumber((100 * saved) / plain, 3) : '0'}%), a promoted fold counting only the epochs it added. ` +
    `Their trials took ${seconds(computeMs)} s of compute; without halving they would have taken about ${seconds(estimate)} s ` +
    `(${run > 0 ? formatNumber(plain / run, 3) : '–'}x as much). That is an estimate from epochs: the compute per epoch trained here times the epochs a plain run trains; ` +
    'a rung trial also loads its data and checkpoint again, which a plain trial does once.';
}

/** The successive halving section, or undefined when no stage trained in rungs. */
export async function halvingSection(results: ResultsFile): Promise<ReportSection | undefined> {
  const summary = results.halving;
  const stages = (['filter', 'evaluate'] as const).filter((stage) => summary?.stages[stage] !== undefined);
  if (!summary || stages.length === 0) return undefined;
  const metric = results.objective.metric;
  const parts = [paragraph(savingSentence(stages.map((stage) => summary.stages[stage]!)))];
  for (const stage of stages) {
    const s = summary.stages[stage]!;
    const reached = list(s.reached.map((n, k) => `${n} reached ${plural(s.rungs[k]!, 'epoch')}`));
    parts.push(paragraph(
      `Stage ${stage} (${ruleText(s)}): rungs at ${list(s.rungs.map(String))} epochs; ${reached}; ${plural(s.halted, 'point')} halted below the top rung; ` +
      `${s.epochsRun} of ${s.worstCaseEpochs} epochs trained, ${seconds(s.computeMs)} s of compute.`,
    ));
    parts.push(rungTable(summary, stage, s));
    const rows = rungScores(results, stage, s);
    const points = new Set(rows.map((r) => r.point)).size;
    const drawn = new Set(results.trials.filter((t) => t.stage === stage).map((t) => t.pointId)).size;
    if (rows.length > 0) {
      parts.push(await chartFigure(rungChart(rows, s, metric),
        `Stage ${stage}: each line is one point through the rungs it trained (a segment up to the next rung is a promotion); a cross ends a halted point, a circle one that reached the top rung.` +
        (drawn > points ? ` The ${drawn - points} points that went least far or scored worst at their last rung are left out (results.json has them).` : '')));
    }
  }
  return { id: 'halving', title: 'Successive halving', html: parts.join('\n') };
}
