/** How the report names grid points: by their swept parameters. */
import { searchSpaceOf, type ResultsFile } from '@seqsweep/core';
import { formatValue } from './html.js';

/** The swept parameter names, in the space's order (grid, then space), then any others the points carry. */
export function paramKeys(results: ResultsFile): string[] {
  return [...new Set([...Object.keys(searchSpaceOf(results.spec)), ...results.leaderboard.flatMap((e) => Object.keys(e.params))])];
}

/** A point's parameters in full, `learningRate=0.01, hiddenSize=16`. */
export function pointLabel(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? '(defaults)' : entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
}

/** A point's values only, in the order of `keys` (`0.01 · 16`), short enough for a chart's facet header. */
export function compactLabel(params: Record<string, unknown>, keys: readonly string[]): string {
  return keys.length === 0 ? '(defaults)' : keys.map((k) => formatValue(params[k])).join(' · ');
}
