/**
 * Delivery-exhausted events from the server's max-deliveries advisory of a sweep's consumer. The advisory names
 * the stream sequence only, so the trial is read from the work-queue stream by sequence; a message that ran out
 * of deliveries stays there (it was never acked), so it is deleted once its event was handed on.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { TrialAssignment } from '@seqsweep/core';
import type { DeliveryExhausted, Subscription } from '@seqsweep/core';
import { callHandler, type InvalidReports } from '@seqsweep/core/internal';
import type { NatsLayout } from './nats-layout.js';

/**
 * The part of the server's `io.nats.jetstream.advisory.v1.max_deliver` advisory seqsweep reads. The server owns
 * this message, so the schema accepts fields it does not name.
 */
const MaxDeliverAdvisory = z.object({
  type: z.literal('io.nats.jetstream.advisory.v1.max_deliver'),
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number().int().positive(),
  deliveries: z.number().int().positive(),
});

/** What the subscription needs from the transport. */
export interface ExhaustedDeps {
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  readonly layout: NatsLayout;
  readonly reports: InvalidReports;
}

/** Calls `handler` for each trial of `sweepId` that runs out of deliveries. */
export function subscribeExhausted(deps: ExhaustedDeps, sweepId: string, handler: (event: DeliveryExhausted) => void): Subscription {
  const sub = deps.nc.subscribe(deps.layout.maxDeliveries(sweepId), {
    callback: (error, msg) => {
      if (error) deps.reports.report(deps.layout.maxDeliveries(sweepId), error);
      else void onAdvisory(deps, sweepId, msg, handler);
    },
  });
  return { unsubscribe: () => sub.unsubscribe() };
}

async function onAdvisory(deps: ExhaustedDeps, sweepId: string, msg: Msg, handler: (event: DeliveryExhausted) => void): Promise<void> {
  const { jsm, layout, reports } = deps;
  const advisory = reports.parse(MaxDeliverAdvisory, msg.subject, msg.data);
  if (!advisory) return;
  try {
    const stored = await jsm.streams.getMessage(layout.trialsStream, { seq: advisory.stream_seq });
    // Gone already: another subscriber handled it.
    if (!stored) return;
    const assignment = reports.parse(TrialAssignment, stored.subject, stored.data);
    if (assignment?.sweepId === sweepId) callHandler(handler, { sweepId, trialId: assignment.trialId, deliveries: advisory.deliveries });
    await jsm.streams.deleteMessage(layout.trialsStream, advisory.stream_seq);
  } catch (error) {
    reports.report(msg.subject, error instanceof Error ? error : new Error(String(error)));
  }
}
