/** The closed-loop rollout of a next-day predictor: in @seqsweep/core (forecast/) and @seqsweep/ml (train/), shared with the worker. */
export { closedLoopRollout, seenDays } from '@seqsweep/core';
export type { NextDayModel } from '@seqsweep/core';
export { modelNextDay } from '@seqsweep/ml';
