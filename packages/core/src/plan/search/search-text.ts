/**
 * How every view words stage one's search: the TUI's header and event log, the plain progress lines and the report.
 */
import type { SearchState } from '../../messages.js';

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
