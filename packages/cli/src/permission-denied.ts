/**
 * A NATS server refusing a user permission to publish or subscribe on a subject. The client reports it as an
 * error (or the cause of one) whose message reads `Permissions Violation for Publish to "<subject>"`; the CLI
 * turns it into one sentence and a fix, since it is the server's configuration to change, not a bug.
 */

/** What was refused. */
export interface PermissionDenied {
  /** `publish` or `subscribe`. */
  readonly operation: string;
  readonly subject: string;
}

const VIOLATION = /Permissions Violation for (Publish|Subscription) to "([^"]+)"/i;

/** The refused permission inside `e` or one of its causes, if that is what `e` is. */
export function permissionDenied(e: unknown): PermissionDenied | undefined {
  for (let error = e, depth = 0; error instanceof Error && depth < 5; error = error.cause, depth++) {
    const match = VIOLATION.exec(error.message);
    if (match) return { operation: match[1]!.toLowerCase() === 'publish' ? 'publish' : 'subscribe', subject: match[2]! };
  }
  return undefined;
}
