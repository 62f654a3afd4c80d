export { Coordinator } from './coordinator.js';
export { resolveOptions } from './options.js';
export type { CoordinatorOptions, ResolvedCoordinatorOptions, StartSweep } from './options.js';
export type { SweepEvent } from './events.js';
export { buildLeaderboard, writeOutputs, trialsCsv } from './outputs.js';
export type { SweepOutcome } from './outputs.js';
export { SweepNotFoundError, TooManyTrialsError } from './errors.js';
export { newSweepId } from './sweep-id.js';
