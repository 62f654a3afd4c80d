/**
 * Errors of the core package. A {@link UserError} is something the person running seqsweep can fix (a bad spec,
 * a missing file, an unknown name): the CLI prints its message and `fix` as one sentence each, with no stack.
 * Any other thrown value is a bug and is printed with its stack.
 */

/** Machine-readable codes of every error core raises. */
export const ErrorCode = {
  InvalidSpec: 'INVALID_SPEC',
  UnknownName: 'UNKNOWN_NAME',
  DataNotFound: 'DATA_NOT_FOUND',
  DataCorrupt: 'DATA_CORRUPT',
  DataRefused: 'DATA_REFUSED',
  InvalidMessage: 'INVALID_MESSAGE',
  TransportUnavailable: 'TRANSPORT_UNAVAILABLE',
  ModelNotFound: 'MODEL_NOT_FOUND',
  BackendUnavailable: 'BACKEND_UNAVAILABLE',
  SweepNotFound: 'SWEEP_NOT_FOUND',
  UnsafePath: 'UNSAFE_PATH',
  ModuleFailed: 'MODULE_FAILED',
  TrialDeterministic: 'TRIAL_DETERMINISTIC',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error the user can act on. `message` says what is wrong, `fix` says what to do next. */
export class UserError extends Error {
  override name = 'UserError';
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  constructor(code: ErrorCode, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fix = options.fix;
  }
}

/** A sweep id that the transport holds no record of: one error for every process that looks a sweep up. */
export class SweepNotFoundError extends UserError {
  override name = 'SweepNotFoundError';
  readonly sweepId: string;
  constructor(sweepId: string, where: string) {
    super(ErrorCode.SweepNotFound, `no sweep "${sweepId}" is recorded on ${where}`, {
      fix: 'check the id (the first line `seqsweep run` printed) and the --nats URL and --prefix; `seqsweep status` lists the sweeps there',
    });
    this.sweepId = sweepId;
  }
}

/** One problem in a spec, at a path such as `grid.learningRate[2]`. */
export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

/** A sweep spec with one or more problems; `issues` lists every one of them. */
export class SpecError extends UserError {
  override name = 'SpecError';
  readonly issues: readonly SpecIssue[];
  readonly source: string | undefined;
  constructor(issues: readonly SpecIssue[], source?: string) {
    const where = source ? ` in ${source}` : '';
    const list = issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n');
    super(ErrorCode.InvalidSpec, `the sweep spec${where} has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${list}`, {
      fix: 'correct the spec and run again (docs/spec.md lists every key)',
    });
    this.issues = issues;
    this.source = source;
  }
}

/** A data file that is missing, unreadable, or refused (too large, a link, missing chunks, too slow to read). */
export class DataError extends UserError {
  override name = 'DataError';
  readonly file: string | undefined;
  constructor(code: typeof ErrorCode.DataNotFound | typeof ErrorCode.DataCorrupt | typeof ErrorCode.DataRefused, message: string, options: { file?: string; fix?: string; cause?: unknown } = {}) {
    super(code, message, options);
    this.file = options.file;
  }
}

/** A message that came off the wire and failed its schema. */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
  readonly code = ErrorCode.InvalidMessage;
  readonly subject: string;
  constructor(subject: string, message: string, options: { cause?: unknown } = {}) {
    super(`invalid message on ${subject}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.subject = subject;
  }
}

/** True for errors the CLI prints as one sentence rather than with a stack. */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/**
 * A trial failed in a way that another delivery would repeat: its data is bad, a fold is empty, its model cannot be
 * built, a user's module threw. The worker records it as failed on the first delivery, with this message, instead
 * of handing it back to be tried again. Anything that may pass on another try (a lost connection, a worker that
 * died, a file missing on one machine) must not be one.
 *
 * Code that cannot import this class (a user's module bundled with its own copy of core) marks an error the same
 * way by giving it `code: 'TRIAL_DETERMINISTIC'`.
 */
export class DeterministicTrialError extends Error {
  override name = 'DeterministicTrialError';
  readonly code = ErrorCode.TrialDeterministic;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** True for an error that fails its trial at once: a {@link DeterministicTrialError}, or any error with its code. */
export function isDeterministicTrialError(e: unknown): boolean {
  return e instanceof DeterministicTrialError || (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === ErrorCode.TrialDeterministic);
}

/**
 * A user's module (a task or model the spec names with `module:`) that threw on import, load or build, or whose
 * shipped bytes did not match their digest. Its trial fails once, with this one sentence: running it again would
 * throw again.
 */
export class ModuleError extends UserError {
  override name = 'ModuleError';
  /** The module's path as the spec names it. */
  readonly module: string;
  constructor(module: string, what: string, cause?: unknown) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : cause === undefined ? '' : String(cause);
    super(ErrorCode.ModuleFailed, `module ${module} ${what}${why ? `: ${why}` : ''}`, { fix: 'fix the module and run the sweep again', cause });
    this.module = module;
  }
}
