export { SweepWorker } from './worker.js';
export { resolveWorkerOptions } from './options.js';
export type { WorkerOptions, ResolvedWorkerOptions } from './options.js';
export { runTrial } from './trial-runner.js';
export { TrialAborted } from './trial-context.js';
export type { TrialOutput, TrialContext } from './trial-context.js';
export { NoopFailure } from './noop.js';
