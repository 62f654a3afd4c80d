/**
 * Results over JetStream. The results stream keeps one message per `P.results.<sweep>.<trial>` subject and
 * refuses a second (discard-new per subject), so a repeated result is dropped for the stream's whole life, not
 * only within a duplicate window; results carry no message id. Reading uses an ordered consumer (replaced when it falls silent, see
 * follow-stream.ts): stored results in publish order, then live.
 */
import { JetStreamApiError, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { InvalidMessageError } from '@seqsweep/core';
import { TrialResult } from '@seqsweep/core';
import type { Subscription } from '@seqsweep/core';
import { callHandler, type InvalidReports } from '@seqsweep/core/internal';
import { encodeChecked } from '@seqsweep/core/internal';
import type { NatsLayout } from './nats-layout.js';
import { followStream } from './follow-stream.js';

/** The server's code for "maximum messages per subject exceeded": a result for that trial is stored already. */
const SUBJECT_FULL = 10077;

/**
 * How long each pull of a results subscription waits on the server; its idle heartbeat is half of it. After a
 * server restart the client re-creates its ordered consumer but can ask it for a batch of 0 messages (it still
 * counts the pull that the restart lost), and only recovers after two missed heartbeats: 30 s and more with the
 * default 30 s pulls, about 3 s with these (an idle subscription asks the server once every 2 s).
 */
const PULL_EXPIRES_MS = 2000;

/** The results of one prefix. */
export class NatsResults {
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #layout: NatsLayout;
  readonly #reports: InvalidReports;

  constructor(nc: NatsConnection, js: JetStreamClient, layout: NatsLayout, reports: InvalidReports) {
    this.#nc = nc;
    this.#js = js;
    this.#layout = layout;
    this.#reports = reports;
  }

  /** Stores a result unless one for its trial is stored already. */
  async publish(result: TrialResult): Promise<{ duplicate: boolean }> {
    const subject = this.#layout.result(result.sweepId, result.trialId);
    const { data } = encodeChecked(TrialResult, subject, result);
    try {
      // No message id: the per-subject limit already keeps one result per trial, and any id seqsweep chose here a
      // client could choose too, making the server drop the coordinator's own result as a duplicate for the whole
      // duplicate window (a garbled message sent with it kept a sweep from ever finishing).
      const ack = await this.#js.publish(subject, data);
      return { duplicate: ack.duplicate };
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === SUBJECT_FULL) return { duplicate: true };
      throw error;
    }
  }

  /** Every stored result of a sweep, in publish order. */
  async read(sweepId: string): Promise<TrialResult[]> {
    const results: TrialResult[] = [];
    const sub = await this.subscribe(sweepId, (r) => results.push(r));
    sub.unsubscribe();
    return results;
  }

  /** Replays stored results to `handler` before resolving, then passes on live ones until unsubscribed. */
  async subscribe(sweepId: string, handler: (result: TrialResult) => void): Promise<Subscription> {
    // By stream sequence, not trial id: a subject cleared and stored again (the coordinator replacing a forged
    // result) delivers its new message.
    const seen = new Set<number>();
    let delivered = 0;
    let active = true;
    let replayed: () => void = () => undefined;
    const replay = new Promise<void>((resolve) => (replayed = resolve));
    const follower = await followStream({
      nc: this.#nc, js: this.#js, stream: this.#layout.resultsStream, filter: this.#layout.resultsOf(sweepId), expiresMs: PULL_EXPIRES_MS,
      onMessage: (msg: JsMsg) => {
        // A repeat (the last message before a consumer was replaced) is neither passed on nor counted.
        if (seen.has(msg.seq)) return;
        seen.add(msg.seq);
        const result = this.#parse(msg, sweepId);
        delivered++;
        if (active && result) callHandler(handler, result);
        // `pending` also ends the replay should a counted message have gone meanwhile.
        if (delivered >= follower.stored || msg.info.pending === 0) replayed();
      },
      onError: (error) => this.#reports.report(this.#layout.resultsOf(sweepId), error),
    });
    if (follower.stored === 0) replayed();
    // A connection closed mid-replay ends the wait too, rather than leaving the caller hanging.
    await Promise.race([replay, follower.ended]);
    return {
      unsubscribe: () => {
        active = false;
        follower.stop();
      },
    };
  }

  #parse(msg: JsMsg, sweepId: string): TrialResult | undefined {
    const result = this.#reports.parse(TrialResult, msg.subject, msg.data);
    if (!result || (result.sweepId === sweepId && msg.subject === this.#layout.result(sweepId, result.trialId))) return result;
    this.#reports.report(msg.subject, new InvalidMessageError(msg.subject, `sweep "${result.sweepId}" and trial "${result.trialId}" do not match the subject`));
    return undefined;
  }
}
