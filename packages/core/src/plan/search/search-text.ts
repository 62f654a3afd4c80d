/**
 * How every view words stage one's search: the TUI's header and event log, the plain progress lines and the report.
 */
import type { SearchState } from '../../messages.js';

/**
 * A swept value as every view shows it: whole numbers as they are, others to 3 significant digits (a sampled
 * 0.012345678 reads `0.0123`), in exponent form below 0.001 or from 100000 (`1.23e-4`). results.json and trials.csv
 * keep every digit.
 */
export function paramText(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e5) return String(v);
  const short = Number(v.toPrecision(3));
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? short.toExponential() : String(short);
}

/** The sentence for a stage one that ended early because the space ran out of points. */
export function searchExhaustedText(drawn: number, trials: number | undefined): string {
  const of = trials === undefined ? '' : `, fewer than search.trials (${trials})`;
  return `the space has only ${drawn} point${drawn === 1 ? '' : 's'}${of}: stage one ended early after drawing each once`;
}

/** Points drawn whose stage-one folds have not all ended, given how many folds of each point have a result. */
export function pointsInFlight(search: Pick<SearchState, 'drawn'>, endedFolds: (index: number) => number, folds: number): number {
  let n = 0;
  for (let i = 0; i < search.drawn.length; i++) if (endedFolds(i) < folds) n++;
  return n;
}
