/**
 * report.html in a real browser: tiny real sweeps of each task (toy, mnist, sp500) run through the CLI, and each
 * report is opened in headless Chromium. Every chart must be drawn, with its marks, and the page must fetch
 * nothing and say nothing on the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDeadline } from '@seqsweep/core/testing';
import { describeChromium, openChromium, type ChromiumSession } from './support/chromium.js';
import { runCli } from './support/cli.js';
import { openReport, type ReportInBrowser } from './support/report-page.js';
import { tempDir, writeSpec } from './support/spec.js';

const requireChromium = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_CHROMIUM === '1';

const stages = { filter: { folds: 2, keep: 1, epochs: 1 }, evaluate: { folds: 2 } };

/** The smallest real sweep of each task that still saves a best model; the captions its task section must draw. */
const RUNS = {
  toy: {
    spec: { seed: 3, task: { name: 'toy', samples: 80, length: 12 }, model: { name: 'lstm-ae', hiddenSize: 4 }, train: { epochs: 2, batchSize: 16 } },
    // Four points, enough for parameter importance: its bars are drawn too.
    grid: { learningRate: [0.01, 0.003], hiddenSize: [4, 6] },
    taskCharts: [{ caption: /^test sample \d+: MSE [\d.e-]+; test sample \d+: MSE/, count: 1 }],
  },
  mnist: {
    spec: { seed: 7, task: { name: 'mnist', limit: 120 }, model: { name: 'lstm-ae-classifier', hiddenSize: 8 }, train: { epochs: 2, batchSize: 32 } },
    taskCharts: [
      { caption: /^3 held-out digits \(top\) and the best model's reconstructions/, count: 1 },
      { caption: /^Accuracy per epoch of the best point/, count: 1 }, { caption: /^Loss per epoch/, count: 1 },
    ],
  },
  sp500: {
    spec: { seed: 5, task: { name: 'sp500', window: 8, stride: 12 }, model: { name: 'lstm-ae-predictor', hiddenSize: 6 }, train: { epochs: 2, batchSize: 32 } },
    taskCharts: [
      { caption: /^Next-day price of the test windows/, count: 1 }, { caption: /^MSE on the last, unseen day/, count: 1 },
      { caption: /^Closed-loop MSE against the horizon/, count: 1 },
    ],
  },
} as const;
type Task = keyof typeof RUNS;

/** Runs the task's tiny sweep with one local worker and returns the path of its report. */
async function reportOf(task: Task, out: string): Promise<string> {
  const dir = await tempDir(`browser-${task}`);
  const run = RUNS[task];
  const grid = 'grid' in run ? run.grid : { learningRate: [0.01, 0.003] };
  const spec = await writeSpec(dir, { name: `browser-${task}`, ...run.spec, grid, stages });
  const cli = await runCli(['run', spec, '--out', out, '--no-tui', '--workers', '1'], { timeoutMs: 60_000 });
  expect(cli.code, cli.output).toBe(0);
  // A run of four points or more ends with the importance it recorded in results.json.
  if ('grid' in run) expect(cli.stdout.find((l) => l.startsWith('importance ')), cli.output).toMatch(/^importance \(share of the variance over 4 stage-one points\): (learningRate|hiddenSize) \d/);
  const line = cli.stdout.find((l) => l.startsWith('report: '));
  if (!line) throw new Error(`the ${task} run printed no report line:\n${cli.output}`);
  return line.slice('report: '.length);
}

describeChromium(requireChromium, { describe, it })('report.html in headless Chromium', () => {
  let browser: ChromiumSession | undefined;
  const pages = new Map<Task, ReportInBrowser>();

  beforeAll(async () => {
    const out = await tempDir('browser-out');
    const tasks = Object.keys(RUNS) as Task[];
    const [reports, session] = await Promise.all([Promise.all(tasks.map((t) => reportOf(t, out))), openChromium()]);
    browser = session;
    for (const [i, task] of tasks.entries()) pages.set(task, await openReport(session.context, reports[i]!));
  }, testDeadline(90_000));
  afterAll(async () => {
    await browser?.close();
  });

  for (const task of Object.keys(RUNS) as Task[]) {
    describe(task, () => {
      it('draws every chart: one svg of non-zero size per figure, with data marks inside', () => {
        const page = pages.get(task)!;
        expect(page.sections).toEqual(['leaderboard', 'task', 'history', 'importance', 'parallel', 'params', 'curves', 'stages', 'timing']);
        expect(page.charts.length).toBeGreaterThanOrEqual(6);
        // No chart outside a figure, and none missing from one.
        expect(page.svgs).toBe(page.charts.length);
        for (const chart of page.charts) {
          const what = `${task} ${chart.section}: ${chart.caption}`;
          expect(chart.svgs, what).toBe(1);
          expect(chart.width, what).toBeGreaterThan(50);
          expect(chart.height, what).toBeGreaterThan(50);
          expect(chart.marks, what).toBeGreaterThan(0);
          expect(chart.drawnMarks, what).toBeGreaterThan(0);
        }
      });

      it('draws what the sweep learned: history by draw order and by compute, parallel coordinates, slices, and importance where there are enough points', () => {
        const charts = pages.get(task)!.charts;
        const captions = (section: string): string[] => charts.filter((c) => c.section === section).map((c) => c.caption);
        expect(captions('history')).toHaveLength(2);
        expect(captions('history')[0]).toMatch(/^\S+ of each point in the order drawn, and the best so far\.$/);
        expect(captions('history')[1]).toBe('The same against the trial compute spent when each point\'s last fold finished.');
        expect(captions('parallel')).toHaveLength(1);
        expect(captions('parallel')[0]).toMatch(/^Each line is one stage-one point through its parameter values/);
        expect(captions('params').length).toBe('grid' in RUNS[task] ? 2 : 1);
        expect(captions('importance')).toHaveLength('grid' in RUNS[task] ? 1 : 0);
        for (const c of charts.filter((c) => ['history', 'parallel', 'params', 'importance'].includes(c.section))) expect(c.drawnMarks, c.caption).toBeGreaterThan(1);
      });

      it('draws the task\'s own charts from the best model', () => {
        const captions = pages.get(task)!.charts.filter((c) => c.section === 'task').map((c) => c.caption);
        for (const { caption, count } of RUNS[task].taskCharts) {
          expect(captions.filter((c) => caption.test(c)), `${caption} among ${JSON.stringify(captions)}`).toHaveLength(count);
        }
      });

      it('makes no request beyond its own file, and logs no error, warning or page error', () => {
        const page = pages.get(task)!;
        expect(page.requests).toEqual([page.url]);
        expect(page.console.filter((l) => /^(error|warning|assert):/.test(l))).toEqual([]);
        expect(page.pageErrors).toEqual([]);
      });
    });
  }
});
