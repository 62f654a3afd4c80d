/** How far a sweep has come and how long it has left, derived from a {@link SweepViewState}. */
import { stageRungs, wasTrained, type Stage } from '@seqsweep/core';
import { plannedTrials } from './spec-view.js';
import { epochsTrained } from './rung-label.js';
import type { SweepViewState } from './state.js';

/** The stages in the order they run. */
export const STAGES: readonly Stage[] = ['filter', 'evaluate', 'final'];

/** Trial counts of one stage. `failed` includes diverged trials; `pruned` ones (pruned, raced out, or left by a decided race) were skipped. */
export interface StageCounts {
  readonly stage: Stage;
  readonly planned: number;
  readonly done: number;
  readonly failed: number;
  readonly pruned: number;
  readonly running: number;
  readonly queued: number;
}

/**
 * Counts for every stage, planned from the spec. A finished sweep has nothing queued. A stage in rungs plans its
 * worst case (every point at every rung); once it is over (a later stage runs, or the sweep completed), what ran is
 * what it planned, so a stage whose points were halted does not read as unfinished.
 */
export function stageCounts(state: SweepViewState): StageCounts[] {
  const finished = state.record !== null && state.record.status !== 'running';
  const current = state.record ? STAGES.indexOf(state.record.stage) : -1;
  const completed = state.record?.status === 'completed';
  return STAGES.map((stage, index) => {
    let done = 0, failed = 0, pruned = 0, running = 0;
    for (const r of state.results.values()) {
      if (r.stage !== stage) continue;
      if (r.status === 'completed') done++;
      else if (!wasTrained(r.status)) pruned++;
      else failed++;
    }
    for (const t of state.running.values()) if (t.stage === stage) running++;
    const seen = done + failed + pruned + running;
    const over = completed || index < current;
    const planned = state.spec && !over ? Math.max(seen, plannedTrials(state.spec, stage, state.record?.survivors)) : seen;
    return { stage, planned, done, failed, pruned, running, queued: finished ? 0 : planned - seen };
  });
}

/** Time since the sweep was created (to its last update once it has finished), or null before its record. */
export function elapsedMs(state: SweepViewState): number | null {
  const r = state.record;
  if (!r) return null;
  const end = r.status === 'running' ? state.now : Date.parse(r.updatedAt);
  return Math.max(0, end - Date.parse(r.createdAt));
}

/**
 * Time left: the epochs still to train (queued trials at their stage's epochs, or a stage in rungs at its worst case
 * rung by rung, plus what running trials have left) at the mean time per epoch of the trials done so far, spread
 * over the trials running at once. Null until a trial has finished.
 */
export function etaMs(state: SweepViewState, counts: readonly StageCounts[] = stageCounts(state)): number | null {
  if (state.record && state.record.status !== 'running') return 0;
  let ms = 0, epochs = 0;
  for (const r of state.results.values()) {
    if (r.status !== 'completed' || r.history.length === 0) continue;
    ms += r.durationMs;
    epochs += epochsTrained(state.spec?.parsed, r);
  }
  if (epochs === 0 || !state.spec) return null;
  let left = counts.reduce((n, c) => n + queuedEpochs(state, c), 0);
  for (const t of state.running.values()) left += Math.max(0, t.epochs - t.epoch);
  return ((ms / epochs) * left) / Math.max(1, state.running.size);
}

/**
 * The most epochs the queued trials of a stage can still train: each at the stage's epochs, or, in a stage in
 * rungs, each rung's trials not yet seen (finished, or running towards that rung's epoch) at the epochs that rung
 * adds to the one below, since a promoted trial continues from its checkpoint.
 */
function queuedEpochs(state: SweepViewState, c: StageCounts): number {
  const spec = state.spec;
  if (!spec || c.queued === 0) return 0;
  const rungs = c.stage === 'final' ? undefined : stageRungs(spec.parsed, c.stage)?.epochs;
  if (!rungs || rungs.length < 2) return c.queued * spec.epochs[c.stage];
  // Planned at the worst case: every point at every rung (stageCounts).
  const perRung = c.planned / rungs.length;
  const seen = rungs.map(() => 0);
  for (const r of state.results.values()) if (r.stage === c.stage) seen[Math.min(r.rung ?? 0, rungs.length - 1)]!++;
  for (const t of state.running.values()) {
    const k = t.stage === c.stage ? rungs.indexOf(t.epochs) : -1;
    if (k >= 0) seen[k]!++;
  }
  return rungs.reduce((n, epochs, k) => n + Math.max(0, perRung - seen[k]!) * (epochs - (k > 0 ? rungs[k - 1]! : 0)), 0);
}
