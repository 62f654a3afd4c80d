/**
 * The results of a state in the order they arrived, as an array the incremental views can read from where they left
 * off. A results map only ever grows (fold.ts), so the states of one sweep share one array: each state's results are
 * its first `results.size` entries. A fold that appends to a map whose array has not grown past it since appends to
 * that array; one that starts from an older state (a branch) leaves the new map without one, to be rebuilt.
 */
import type { TrialResult } from '@seqsweep/core';

type Results = ReadonlyMap<string, TrialResult>;

const logs = new WeakMap<Results, TrialResult[]>();

/**
 * The arrival-order array behind `results`: its first `results.size` entries are the map's values in order (later
 * entries belong to later states). Built once, in O(n), for a map no fold registered.
 */
export function resultLog(results: Results): readonly TrialResult[] {
  let log = logs.get(results);
  if (!log || log.length < results.size) {
    log = [...results.values()];
    logs.set(results, log);
  }
  return log;
}

/**
 * Records that `child` is `parent` (which held `parentSize` results) with `added` appended: O(added) where the
 * parent's array ends at the parent, else nothing (the child's array is rebuilt when asked for).
 */
export function noteAppended(parent: Results, parentSize: number, child: Results, added: readonly TrialResult[]): void {
  const log = logs.get(parent);
  if (log && log.length === parentSize) {
    for (const r of added) log.push(r);
    logs.set(child, log);
  } else {
    logs.delete(child);
  }
}
