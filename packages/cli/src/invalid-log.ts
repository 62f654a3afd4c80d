import { LogLimiter, safeText } from '@seqsweep/core';

/** Where a command logs the messages it rejected: rate-limited per subject, so a flood of them cannot fill a disk. */
export interface InvalidLog {
  /** Writes `line` unless `subject` has had its share of this interval; then it is counted. */
  log(subject: string, line: string): void;
  /** True when a line for `subject` may be written now (the caller writes it); false when it was counted. */
  allow(subject: string): boolean;
  /** Writes the counts still pending and stops the timer. */
  close(): void;
}

/** An {@link InvalidLog} over `write`, writing each interval's counts within about a second of its end. */
export function invalidLog(write: (line: string) => void): InvalidLog {
  const limiter = new LogLimiter(write);
  const timer = setInterval(() => limiter.flush(), 1000);
  timer.unref();
  return {
    // A rejected message's text can quote what a publisher sent: escaped and capped, like every line from the wire.
    log: (subject, line) => {
      if (limiter.allow(subject)) write(safeText(line, 1000));
    },
    allow: (subject) => limiter.allow(subject),
    close: () => {
      clearInterval(timer);
      limiter.close();
    },
  };
}
