/** A comparison as lines for the terminal, and as the JSON `--json` prints. */
import { formatNumber, formatValue } from './html.js';
import { runLabel, type Comparison, type ComparedRun } from './compare-runs.js';

const pct = (v: number): string => `${formatNumber(100 * v, 2)}%`;
const params = (p: Record<string, unknown>): string => Object.entries(p).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ') || '(defaults)';

function runLines(run: ComparedRun, all: readonly ComparedRun[]): string[] {
  const lines = [`${runLabel(run, all)}  (${run.dir})`];
  lines.push(`  strategy ${run.strategy}, ${run.status}; ${run.points} stage-one points, ${run.trialsRun} trials trained, trial compute ${formatNumber(run.computeS, 3)} s`);
  if (run.best) {
    const { mean, std, folds } = run.best.cv;
    lines.push(`  best ${params(run.best.params)}`);
    lines.push(`  cv ${run.metric} ${formatNumber(mean)} ± ${formatNumber(std)} over ${folds} folds`);
    const test = Object.entries(run.best.test);
    lines.push(`  test ${test.length ? test.map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ') : '-'}`);
  } else {
    lines.push('  no best point (no point completed the evaluate stage, or the final trial did not run)');
  }
  if (run.importance.length) lines.push(`  importance ${run.importance.map((i) => `${i.param} ${pct(i.share)}${i.std === null ? '' : ` ± ${pct(i.std)}`}`).join(', ')}`);
  return lines;
}

/** The comparison for the terminal: a block per run, then which run had the best cv score. */
export function comparisonText(c: Comparison): string[] {
  const lines = c.runs.flatMap((r, i) => [...(i ? [''] : []), ...runLines(r, c.runs)]);
  if (c.warning) lines.push('', `note: ${c.warning}.`);
  const scored = c.runs.filter((r) => r.best?.cv.mean !== null && r.best?.cv.mean !== undefined);
  if (!c.warning && scored.length > 0) {
    const mode = scored[0]!.mode;
    const top = scored.reduce((a, r) => ((mode === 'min' ? r.best!.cv.mean! < a.best!.cv.mean! : r.best!.cv.mean! > a.best!.cv.mean!) ? r : a));
    lines.push('', `best cv ${top.metric}: ${runLabel(top, c.runs)} (${formatNumber(top.best!.cv.mean)} ± ${formatNumber(top.best!.cv.std)}), with ${formatNumber(top.computeS, 3)} s of trial compute`);
  }
  return lines;
}

/** The comparison as one JSON document (the same figures as the text, unrounded). */
export function comparisonJson(c: Comparison, report: string | null): string {
  return JSON.stringify({ report, warning: c.warning, runs: c.runs }, null, 2);
}
