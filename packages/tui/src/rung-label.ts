/**
 * How the TUI shows successive halving (`stages.*.halving`, `stages.*.median`): the rung each point has reached,
 * a halted point's "halted at 4 epochs (rank 7 of 9)", and the event log's line for each promotion and halt, all
 * read from the sweep record's `rungs` (written before a promoted point's next trials are published).
 */
import { haltedText, stageRungs, type HaltedPoint, type Stage, type SweepRecord, type SweepSpec, type TrialResult } from '@seqsweep/core';
import { shortId } from './format.js';

/** Where a point stands in a stage that trains in rungs. */
export interface PointRung {
  /** The highest rung it reached: trained at, or was promoted to (from 0). */
  readonly rung: number;
  /** The top rung's index: the stage's own epochs. */
  readonly top: number;
  /** Epochs the rung trains to in all. */
  readonly epochs: number;
  /** Promoted to `rung`, with no result of it yet. */
  readonly pending: boolean;
}

/** A record's promotions and halted points by stage and point, so that each row looks them up in O(1). */
interface RungIndex {
  readonly promoted: ReadonlyMap<string, number>;
  readonly halted: ReadonlyMap<string, HaltedPoint>;
}

const key = (stage: Stage, pointId: string): string => `${stage}\0${pointId}`;
const indexes = new WeakMap<SweepRecord, RungIndex>();

function rungIndex(record: SweepRecord): RungIndex {
  const hit = indexes.get(record);
  if (hit) return hit;
  const promoted = new Map<string, number>();
  for (const p of record.rungs?.promoted ?? []) promoted.set(key(p.stage, p.pointId), Math.max(promoted.get(key(p.stage, p.pointId)) ?? 0, p.rung));
  const index = { promoted, halted: new Map((record.rungs?.halted ?? []).map((h) => [key(h.stage, h.pointId), h])) };
  indexes.set(record, index);
  return index;
}

/** The entry that halted a point in `stage`, if a rung pruner stopped it there. */
export function haltedEntry(record: SweepRecord | null, pointId: string, stage: Stage): HaltedPoint | undefined {
  return record?.rungs ? rungIndex(record).halted.get(key(stage, pointId)) : undefined;
}

/**
 * The rung a point has reached in `stage` (`resultRung`: the highest rung among its results there), or undefined
 * when the stage trains without rungs.
 */
export function pointRung(spec: SweepSpec | undefined, record: SweepRecord | null, pointId: string, stage: 'filter' | 'evaluate', resultRung: number | undefined): PointRung | undefined {
  const rungs = spec ? stageRungs(spec, stage) : undefined;
  if (!rungs) return undefined;
  const promoted = record?.rungs ? (rungIndex(record).promoted.get(key(stage, pointId)) ?? 0) : 0;
  const rung = Math.min(rungs.epochs.length - 1, Math.max(resultRung ?? 0, promoted));
  return { rung, top: rungs.epochs.length - 1, epochs: rungs.epochs[rung]!, pending: promoted > (resultRung ?? 0) };
}

/**
 * The epochs a result trained: its history's length, less the epochs of the rung below for a fold trial that went
 * on from that rung's checkpoint (its history holds every epoch from the first, its `durationMs` only its own).
 */
export function epochsTrained(spec: SweepSpec | undefined, r: Pick<TrialResult, 'stage' | 'rung' | 'history'>): number {
  if (!r.rung || r.stage === 'final') return r.history.length;
  const below = spec ? stageRungs(spec, r.stage)?.epochs[r.rung - 1] : undefined;
  return Math.max(0, r.history.length - (below ?? 0));
}

/** `1 (3 ep)`: the leaderboard's rung cell. */
export function rungCell(r: PointRung): string {
  return `${r.rung} (${r.epochs} ep)`;
}

/** `rung 1 of 0-2, 3 epochs`: the detail view's words for it. */
export function rungText(r: PointRung): string {
  return `rung ${r.rung} of 0-${r.top}, ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}${r.pending ? ', promoted, not started' : ''}`;
}

/** A halted point's status, the words every view uses: `halted at 4 epochs (rank 7 of 9)`. */
export const haltedLabel = (entry: HaltedPoint): string => haltedText(entry);

/** One event log line of a rung pruner. */
export interface RungNote {
  readonly kind: 'promoted' | 'halted';
  readonly text: string;
}

/**
 * The promotions and halts `record` adds to `prev` (both lists only grow, in the order made), as event log lines:
 * `point 1a2b3c filter: promoted to rung 2 (9 epochs), rank 1 of 3` and `point 4d5e6f filter: halted at 3 epochs
 * (rank 5 of 6)`.
 */
export function rungNotes(prev: SweepRecord | null, record: SweepRecord, spec: SweepSpec | undefined): RungNote[] {
  if (!record.rungs) return [];
  const before = prev?.sweepId === record.sweepId ? prev.rungs : undefined;
  const notes: RungNote[] = [];
  for (const p of record.rungs.promoted.slice(before?.promoted.length ?? 0)) {
    const epochs = spec ? stageRungs(spec, p.stage)?.epochs[p.rung] : undefined;
    notes.push({ kind: 'promoted', text: `point ${shortId(p.pointId)} ${p.stage}: promoted to rung ${p.rung}${epochs === undefined ? '' : ` (${epochs} epochs)`}, rank ${p.rank} of ${p.of}` });
  }
  for (const h of record.rungs.halted.slice(before?.halted.length ?? 0)) {
    notes.push({ kind: 'halted', text: `point ${shortId(h.pointId)} ${h.stage}: ${haltedLabel(h)}` });
  }
  return notes;
}
