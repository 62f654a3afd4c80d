/** The closed-loop rollout of a next-day predictor: in @seqsweep/core (forecast/ and train/), shared with the worker. */
export { closedLoopRollout, modelNextDay, seenDays } from '@seqsweep/core';
export type { NextDayModel } from '@seqsweep/core';
