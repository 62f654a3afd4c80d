export { SweepWorker } from './worker.js';
export { resolveWorkerOptions } from './options.js';
export type { WorkerOptions, ResolvedWorkerOptions } from './options.js';
export { runTrial, TrialAborted } from './trial-runner.js';
export type { TrialOutput, TrialContext } from './trial-runner.js';
export { NoopFailure } from './noop.js';
