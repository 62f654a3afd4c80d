/**
 * Judging forecasts against persistence ("tomorrow equals today") on test windows: next-day and closed-loop
 * multi-step errors, the paired test with blocked standard errors, and the verdict results.json and the report share.
 */
export { BLOCK_DAYS, SIGNIFICANT_Z, verdictOf, dayBlocks, pairedDifference } from './paired-difference.js';
export type { PersistenceVerdict, PairedDifference, BlockSource } from './paired-difference.js';
export { sp500Errors, toDollars, evenSubset } from './next-day-errors.js';
export type { PairedMse, CompanyErrors, Sp500Errors, WindowData } from './next-day-errors.js';
export { multiStepErrors } from './multistep-errors.js';
export type { PairedSteps, MultiStepErrors } from './multistep-errors.js';
export { closedLoopRollout, seenDays } from './closed-loop.js';
export type { NextDayModel } from './closed-loop.js';
export { comparison, MAX_NEXT_DAY_WINDOWS, MAX_ROLLOUT_WINDOWS, scoreForecast } from './vs-persistence.js';
export type { ForecastScores } from './vs-persistence.js';
