/** Errors of the ml package that a caller tells apart by class. */
import { DataError, ErrorCode } from '@seqsweep/core';

/**
 * A training checkpoint that cannot be used: bytes that are not a checkpoint of a version this package reads, or a
 * checkpoint of another run (model, seed, train options or data). A DataError (`DATA_CORRUPT`): continuing from it
 * would fail the same way on every machine.
 */
export class CheckpointError extends DataError {
  override name = 'CheckpointError';
  constructor(message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(ErrorCode.DataCorrupt, message, options);
  }
}
