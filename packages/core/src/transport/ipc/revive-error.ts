import { DataError, ErrorCode, InvalidMessageError, UserError } from '../../errors.js';
import type { ErrorFrame } from './protocol.js';

/** What the parent sends of an error its transport threw: enough to rebuild the same class on the child's side. */
export function errorFrame(error: unknown): ErrorFrame {
  const e = error as { name?: string; message?: string; code?: string; fix?: string; subject?: string };
  return { name: e.name ?? 'Error', message: e.message ?? String(error), code: e.code, fix: e.fix, subject: e.subject };
}

/**
 * Rebuilds an error that crossed the bridge as the class the Transport contract names, so a caller over IPC can
 * tell a corrupt data file or a message that fails its schema from a bug, as it can on any other transport.
 */
export function reviveError(frame: ErrorFrame): Error {
  const { name, message, code, fix, subject } = frame;
  if (name === 'InvalidMessageError') {
    const error = new InvalidMessageError(subject ?? '', '');
    // The parent's sentence already names the subject; keep it word for word.
    error.message = message;
    return error;
  }
  if (name === 'DataError' && (code === ErrorCode.DataNotFound || code === ErrorCode.DataCorrupt || code === ErrorCode.DataRefused)) return new DataError(code, message, { fix });
  if (name === 'UserError' || fix !== undefined) return new UserError(code as ErrorCode, message, { fix });
  return new Error(message);
}
