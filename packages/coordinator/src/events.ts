import type { HaltedPoint, RaceDecided, RacedOut, RungPromotion, Stage, SweepRecord, TrialResult } from '@seqsweep/core';

/** What the coordinator tells its caller as a sweep goes on. */
export type SweepEvent =
  | { readonly type: 'sweep'; readonly sweepId: string; readonly name: string; readonly resumed: boolean }
  /** The sweep's record as the coordinator holds it: when it takes the sweep on, and after each change it stores. */
  | { readonly type: 'record'; readonly record: SweepRecord }
  /** A stage starts: `trials` it can run at most (every rung of a stage in rungs), `done` of them already answered. */
  | { readonly type: 'stage'; readonly stage: Stage; readonly trials: number; readonly done: number }
  | { readonly type: 'result'; readonly result: TrialResult; readonly stage: Stage; readonly done: number; readonly total: number }
  | { readonly type: 'pruned'; readonly pointId: string; readonly trials: number }
  /** Fold racing stopped a point; `withdrawn` of its folds will not be trained. */
  | { readonly type: 'raced-out'; readonly entry: RacedOut; readonly withdrawn: number }
  /** A stage's race was decided (`decided: stop`); `skipped` of its live points' folds will not be trained. */
  | { readonly type: 'race-decided'; readonly stage: 'filter' | 'evaluate'; readonly decided: RaceDecided; readonly skipped: number }
  /** A rung pruner sent a point on to the next rung of its stage, which trains to `epochs` epochs in all. */
  | { readonly type: 'promoted'; readonly entry: RungPromotion; readonly epochs: number }
  /** A rung pruner stopped a point at its rung: "halted at 4 epochs (rank 7 of 9)" (see core's haltedText). */
  | { readonly type: 'halted'; readonly entry: HaltedPoint }
  | { readonly type: 'survivors'; readonly pointIds: readonly string[] }
  | { readonly type: 'invalid'; readonly subject: string; readonly message: string }
  | { readonly type: 'done'; readonly sweepId: string; readonly outDir: string };
