/**
 * A trial leased from the sweep's durable pull consumer. Every operation is flushed (ack is confirmed by the
 * server), so a worker that exits right after `ack()` has really acked.
 */
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { TrialAssignment } from '@seqsweep/core';
import type { TrialLease } from '@seqsweep/core';

/** True for servers of 2.10 and later, which accept a reason with a term (2.9 ignores such a term entirely). */
export function acceptsTermReason(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

/** A {@link TrialLease} over a JetStream message. */
export class NatsLease implements TrialLease {
  readonly assignment: TrialAssignment;
  readonly deliveryCount: number;
  readonly #msg: JsMsg;
  readonly #nc: NatsConnection;

  constructor(msg: JsMsg, assignment: TrialAssignment, nc: NatsConnection) {
    this.#msg = msg;
    this.#nc = nc;
    this.assignment = assignment;
    this.deliveryCount = msg.info.deliveryCount;
  }

  async ack(): Promise<void> {
    await this.#msg.ackAck();
  }

  async nak(delayMs = 0): Promise<void> {
    this.#msg.nak(delayMs > 0 ? delayMs : undefined);
    await this.#nc.flush();
  }

  async working(): Promise<void> {
    this.#msg.working();
    await this.#nc.flush();
  }

  async term(reason?: string): Promise<void> {
    this.#msg.term(acceptsTermReason(this.#nc.info?.version) ? reason : undefined);
    await this.#nc.flush();
  }
}
