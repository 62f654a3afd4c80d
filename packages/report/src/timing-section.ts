/** How long each trial took on each worker: a timeline when finish times are known, and durations per worker. */
import { wasTrained, type ResultsFile, type ResultsTrial } from '@seqsweep/core';
import { formatNumber, htmlTable, paragraph, type ReportSection } from './html.js';
import { chartFigure, type ChartSpec } from './render-svg.js';

const STAGE_COLOR = { field: 'stage', type: 'nominal', title: 'stage', scale: { domain: ['filter', 'evaluate', 'final'] } } as const;

function timelineSpec(trials: readonly ResultsTrial[]): ChartSpec | undefined {
  const ends = trials.map((t) => Date.parse(t.finishedAt ?? ''));
  if (ends.some((e) => !Number.isFinite(e))) return undefined;
  const origin = Math.min(...ends.map((end, i) => end - trials[i]!.durationMs));
  const values = trials.map((t, i) => ({
    worker: t.worker, stage: t.stage, start: (ends[i]! - t.durationMs - origin) / 1000, end: (ends[i]! - origin) / 1000,
  }));
  return {
    title: 'trials on the workers over time',
    data: { values },
    width: 760, height: { step: 22 },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'worker', type: 'nominal', title: 'worker' },
      x: { field: 'start', type: 'quantitative', title: 'seconds since the first trial started' },
      x2: { field: 'end' },
      color: STAGE_COLOR,
    },
  } as ChartSpec;
}

function durationsSpec(trials: readonly ResultsTrial[]): ChartSpec {
  const values = trials.map((t) => ({ worker: t.worker, stage: t.stage, seconds: t.durationMs / 1000 }));
  return {
    title: 'time per trial',
    data: { values },
    width: 760, height: { step: 22 },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      y: { field: 'worker', type: 'nominal', title: 'worker' },
      x: { field: 'seconds', type: 'quantitative', title: 'seconds' },
      color: STAGE_COLOR,
    },
  } as ChartSpec;
}

/** The timeline, the per-trial durations, and a per-worker table of counts and times. */
export async function timingSection(results: ResultsFile): Promise<ReportSection> {
  const section = (html: string): ReportSection => ({ id: 'timing', title: 'Time per trial and worker', html });
  // Pruned, raced-out and skipped trials never ran: they were recorded without training.
  const ran = results.trials.filter((t) => wasTrained(t.status));
  if (ran.length === 0) return section(paragraph('No trial ran.', 'note'));
  const parts: string[] = [];
  const timeline = timelineSpec(ran);
  if (timeline) parts.push(await chartFigure(timeline, 'Each bar is one trial, from its start to its finish, on the worker that ran it.'));
  parts.push(await chartFigure(durationsSpec(ran), 'Each tick is one trial\'s training time on its worker.'));
  const byWorker = new Map<string, number[]>();
  for (const t of ran) byWorker.set(t.worker, [...(byWorker.get(t.worker) ?? []), t.durationMs / 1000]);
  const rows = [...byWorker.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([worker, secs]) => {
    const total = secs.reduce((a, b) => a + b, 0);
    return [worker, String(secs.length), formatNumber(total), formatNumber(total / secs.length), formatNumber(Math.max(...secs))];
  });
  parts.push(htmlTable(['worker', 'trials', 'total s', 'mean s', 'longest s'], rows, { numeric: [1, 2, 3, 4] }));
  return section(parts.join('\n'));
}
