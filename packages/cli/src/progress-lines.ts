import type { PersistenceComparison } from '@seqsweep/core';
import type { SweepEvent, SweepOutcome } from '@seqsweep/coordinator';

const fmt = (v: number | null | undefined): string => (typeof v === 'number' ? (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(3) : v.toFixed(4)) : '-');

/** Turns sweep events into plain progress lines (the output when stdout is not a terminal, or with --no-tui). */
export function progressLines(metric: string, write: (line: string) => void): (e: SweepEvent) => void {
  const started = Date.now();
  return (e) => {
    const t = `${((Date.now() - started) / 1000).toFixed(1)}s`;
    switch (e.type) {
      case 'sweep':
        write(`sweep ${e.sweepId}`);
        if (e.resumed) write(`resuming ${e.name}`);
        break;
      case 'stage':
        write(`[${t}] stage ${e.stage}: ${e.trials} trials${e.done ? ` (${e.done} already done)` : ''}`);
        break;
      case 'result': {
        const r = e.result;
        const fold = r.fold >= 0 ? ` fold ${r.fold}` : '';
        write(`[${t}] ${e.stage} ${e.done}/${e.total} ${r.pointId}${fold} ${r.status} ${metric}=${fmt(r.metrics[metric])} (${r.worker}, ${(r.durationMs / 1000).toFixed(1)}s${r.attempts > 1 ? `, attempt ${r.attempts}` : ''})${r.error ? `: ${r.error}` : ''}`);
        break;
      }
      case 'pruned':
        write(`[${t}] pruned ${e.pointId}: a fold diverged (${e.trials} trials skipped)`);
        break;
      case 'survivors':
        write(`[${t}] survivors: ${e.pointIds.join(', ') || 'none'}`);
        break;
      case 'invalid':
        write(`[${t}] rejected a message on ${e.subject}: ${e.message}`);
        break;
      case 'done':
        write(`[${t}] done: ${e.outDir}`);
        break;
    }
  };
}

/** The final leaderboard as a plain table. */
export function leaderboardTable(outcome: SweepOutcome, metric: string, rows = 10): string[] {
  const keys = [...new Set(outcome.leaderboard.flatMap((e) => Object.keys(e.params)))];
  const header = ['rank', 'stage', ...keys, `${metric} mean`, 'std', 'folds', 'status'];
  const body = outcome.leaderboard.slice(0, rows).map((e) => [
    String(e.rank), e.stage, ...keys.map((k) => String(e.params[k] ?? '')), fmt(e.mean), fmt(e.std), String(e.folds),
    e.status + (e.survivor ? ' *' : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), ...body.map(line)];
  if (outcome.best) {
    const test = Object.entries(outcome.best.test).map(([k, v]) => `${k}=${fmt(v)}`).join(' ');
    out.push(`best: ${JSON.stringify(outcome.best.params)} cv ${fmt(outcome.best.cv.mean)} ± ${fmt(outcome.best.cv.std)}; test ${test}`);
    const vs = outcome.best.vsPersistence;
    if (vs) {
      const one = (what: string, c: PersistenceComparison): string => `${what} ${c.verdict} (model/persistence MSE ${fmt(c.ratio)}, z ${fmt(c.z)})`;
      out.push(`vs persistence: ${[one('next day', vs.nextDay), ...(vs.multiStep ? [one('multi-step', vs.multiStep)] : [])].join('; ')}`);
    }
  } else {
    out.push('best: none (no final trial completed: final.retrain is false, or no point finished the evaluate stage)');
  }
  return out;
}
