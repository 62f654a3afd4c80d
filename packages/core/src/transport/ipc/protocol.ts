/**
 * The frames a Transport bridge sends over a Node IPC channel (child_process `fork` or a worker port). The parent
 * side owns the real transport; the child side is a Transport whose every call becomes a frame. Frames are plain
 * JSON; the messages inside them were parsed against their schemas by the parent's transport.
 */

/** Methods of the Transport interface that a child may call and that answer with a value. */
export const BRIDGED_CALLS = [
  'ensureSweep', 'publishTrial', 'pullTrial', 'publishResult', 'readResults', 'queuedTrials', 'clearTrials', 'clearResult', 'publishProgress', 'publishHeartbeat',
  'getSweep', 'putSweep', 'listSweeps', 'putObject', 'getObject', 'deleteObject',
] as const;
export type BridgedCall = (typeof BRIDGED_CALLS)[number];

/** Methods that open a subscription whose events flow back to the child. */
export const BRIDGED_SUBSCRIPTIONS = ['subscribeResults', 'subscribeProgress', 'subscribeHeartbeats', 'watchSweep', 'onDeliveryExhausted'] as const;
export type BridgedSubscription = (typeof BRIDGED_SUBSCRIPTIONS)[number];

export type LeaseOp = 'ack' | 'nak' | 'working' | 'term';

/** Child to parent. */
export type ChildFrame =
  | { readonly kind: 'call'; readonly id: number; readonly method: BridgedCall; readonly args: unknown[] }
  | { readonly kind: 'abort'; readonly id: number }
  | { readonly kind: 'lease'; readonly id: number; readonly leaseId: number; readonly op: LeaseOp; readonly arg?: unknown }
  | { readonly kind: 'subscribe'; readonly subId: number; readonly method: BridgedSubscription; readonly args: unknown[] }
  | { readonly kind: 'unsubscribe'; readonly subId: number };

/** An error the parent's transport threw, as it crosses to the child. */
export interface ErrorFrame {
  readonly name: string;
  readonly message: string;
  readonly code?: string | undefined;
  readonly fix?: string | undefined;
  /** The subject of an InvalidMessageError. */
  readonly subject?: string | undefined;
}

/** Parent to child. */
export type ParentFrame =
  | { readonly kind: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: ErrorFrame }
  | { readonly kind: 'event'; readonly subId: number; readonly value: unknown }
  | { readonly kind: 'invalid'; readonly subject: string; readonly message: string };

/** The shape a leased trial takes in a reply to `pullTrial`. */
export interface BridgedLease {
  readonly leaseId: number;
  readonly assignment: unknown;
  readonly deliveryCount: number;
}

/** Objects cross IPC as base64, since the channel carries JSON. */
export function isFrame(value: unknown): value is { kind: string } {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}
