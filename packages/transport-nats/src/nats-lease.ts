/**
 * A trial leased from the sweep's durable pull consumer. Every operation is flushed (ack is confirmed by the
 * server), so a worker that exits right after `ack()` has really acked. An ack that finds no consumer leader (a
 * server lost, an election under way) is sent again with backoff: acking twice is harmless.
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

/** Runs an idempotent operation again while the server does not answer (the transport's retry window). */
export type RetryIdempotent = <T>(what: string, op: () => Promise<T>) => Promise<T>;

/** The payload of an ack. */
const ACK = new TextEncoder().encode('+ACK');

/** A {@link TrialLease} over a JetStream message. */
export class NatsLease implements TrialLease {
  readonly assignment: TrialAssignment;
  readonly deliveryCount: number;
  readonly #msg: JsMsg;
  readonly #nc: NatsConnection;
  readonly #retry: RetryIdempotent;

  constructor(msg: JsMsg, assignment: TrialAssignment, nc: NatsConnection, retry: RetryIdempotent = (_what, op) => op()) {
    this.#msg = msg;
    this.#nc = nc;
    this.#retry = retry;
    this.assignment = assignment;
    this.deliveryCount = msg.info.deliveryCount;
  }

  async ack(): Promise<void> {
    // The client sends an ackAck once per message: a repeat goes to the same reply subject by hand.
    const reply = (this.#msg as Partial<{ readonly reply: string }>).reply;
    let sent = false;
    await this.#retry(`acking trial ${this.assignment.trialId}`, async () => {
      if (!sent || !reply) {
        sent = true;
        await this.#msg.ackAck();
      } else {
        await this.#nc.request(reply, ACK);
      }
    });
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
