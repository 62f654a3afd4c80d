import { join } from 'node:path';
import { UserError, ErrorCode } from '@seqsweep/core';

/** Why a run directory cannot be reported on. */
export type RunDirProblem = 'missing' | 'not-a-directory' | 'no-results' | 'corrupt';

/** A run directory that does not exist or holds no readable results.json. */
export class RunDirError extends UserError {
  override name = 'RunDirError';
  readonly problem: RunDirProblem;
  readonly dir: string;
  constructor(problem: RunDirProblem, dir: string, options: { cause?: unknown; detail?: string } = {}) {
    const fix = 'pass the folder a sweep wrote, runs/<sweepId> (the path `seqsweep run` printed after "results:", without results.json)';
    const messages: Record<RunDirProblem, string> = {
      'missing': `the run directory ${dir} does not exist`,
      'not-a-directory': `${dir} is a file, not a run directory`,
      'no-results': `${dir} holds no results.json, so it is not the folder of a finished sweep`,
      'corrupt': `${join(dir, 'results.json')} is not the results of a sweep: ${options.detail ?? 'it could not be read'}`,
    };
    super(problem === 'corrupt' ? ErrorCode.DataCorrupt : ErrorCode.DataNotFound, messages[problem], {
      fix: problem === 'corrupt' ? 'run the sweep again (or `seqsweep resume` it with --nats) to write results.json anew' : fix,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.problem = problem;
    this.dir = dir;
  }
}
