import type { Transport, TrialLease, Subscription } from '../transport.js';
import type { ObjectReadLimits, ObjectStoreChoice } from '../object-limits.js';
import { BRIDGED_CALLS, BRIDGED_SUBSCRIPTIONS, isFrame, type ChildFrame, type ParentFrame, type BridgedLease } from './protocol.js';
import { errorFrame } from './revive-error.js';

/** The parent's end of an IPC channel: a forked child process or a worker thread's port. */
export interface IpcEndpoint {
  send(frame: ParentFrame): void;
  on(event: 'message', listener: (frame: unknown) => void): unknown;
  off(event: 'message', listener: (frame: unknown) => void): unknown;
}

/** What a served child left behind when its channel closed. */
export interface BridgeHandle {
  /** Hands back every trial the child still holds (nak with no delay) and ends its subscriptions. */
  close(): Promise<void>;
}

/** Options of {@link serveTransport}. */
export interface ServeOptions {
  /**
   * Passes every message `transport` reports as invalid on to the child's `onInvalid` handlers. Where the served
   * transport is the parent's own, the parent reports them already, so the default leaves them with the parent.
   * @default false
   */
  readonly forwardInvalid?: boolean;
}

/**
 * Serves `transport` to one child over `endpoint`. The child's leases are tracked, so when the child dies its
 * trials go straight back to the queue instead of waiting out the lease.
 */
export function serveTransport(transport: Transport, endpoint: IpcEndpoint, options: ServeOptions = {}): BridgeHandle {
  const leases = new Map<number, TrialLease>();
  const subs = new Map<number, Subscription>();
  const pending = new Map<number, AbortController>();
  let nextLease = 1;
  let closed = false;

  const reply = (id: number, value: unknown, error?: unknown): void => {
    if (closed) return;
    if (error === undefined) {
      endpoint.send({ kind: 'reply', id, value });
      return;
    }
    endpoint.send({ kind: 'reply', id, error: errorFrame(error) });
  };
  if (options.forwardInvalid) {
    transport.onInvalid((subject, error) => {
      if (!closed) endpoint.send({ kind: 'invalid', subject, message: error.message });
    });
  }

  const call = async (frame: Extract<ChildFrame, { kind: 'call' }>): Promise<unknown> => {
    if (!(BRIDGED_CALLS as readonly string[]).includes(frame.method)) throw new Error(`unknown bridged call ${frame.method}`);
    if (frame.method === 'pullTrial') {
      const controller = new AbortController();
      pending.set(frame.id, controller);
      const options = (frame.args[0] ?? {}) as { sweepId?: string; refuse?: string[] };
      const refuse = Array.isArray(options.refuse) ? options.refuse : undefined;
      try {
        const lease = await transport.pullTrial({
          sweepId: options.sweepId, signal: controller.signal,
          ...(refuse ? { accept: (record: { sweepId: string }) => !refuse.includes(record.sweepId) } : {}),
        });
        if (!lease) return null;
        if (closed) {
          await lease.nak(0);
          return null;
        }
        const leaseId = nextLease++;
        leases.set(leaseId, lease);
        const bridged: BridgedLease = { leaseId, assignment: lease.assignment, deliveryCount: lease.deliveryCount };
        return bridged;
      } finally {
        pending.delete(frame.id);
      }
    }
    if (frame.method === 'putObject') {
      const [name, data, options] = frame.args as [string, string, ObjectStoreChoice | null | undefined];
      return transport.putObject(name, Buffer.from(data, 'base64'), options ?? undefined);
    }
    if (frame.method === 'deleteObject') {
      const [name, options] = frame.args as [string, ObjectStoreChoice | null | undefined];
      return transport.deleteObject(name, options ?? undefined);
    }
    if (frame.method === 'getObject') {
      const [name, digest, limits] = frame.args as [string, string, (ObjectReadLimits & ObjectStoreChoice) | null | undefined];
      return Buffer.from(await transport.getObject(name, digest, limits ?? undefined)).toString('base64');
    }
    const method = transport[frame.method] as (...args: unknown[]) => Promise<unknown>;
    return method.apply(transport, frame.args);
  };

  const leaseOp = async (frame: Extract<ChildFrame, { kind: 'lease' }>): Promise<void> => {
    const lease = leases.get(frame.leaseId);
    if (!lease) throw new Error(`lease ${frame.leaseId} is not held`);
    if (frame.op === 'working') return lease.working();
    leases.delete(frame.leaseId);
    if (frame.op === 'ack') return lease.ack();
    if (frame.op === 'nak') return lease.nak(typeof frame.arg === 'number' ? frame.arg : undefined);
    return lease.term(typeof frame.arg === 'string' ? frame.arg : undefined);
  };

  const subscribe = async (frame: Extract<ChildFrame, { kind: 'subscribe' }>): Promise<void> => {
    if (!(BRIDGED_SUBSCRIPTIONS as readonly string[]).includes(frame.method)) throw new Error(`unknown bridged subscription ${frame.method}`);
    const emit = (value: unknown): void => {
      if (!closed) endpoint.send({ kind: 'event', subId: frame.subId, value });
    };
    const method = transport[frame.method] as (...args: unknown[]) => Subscription | Promise<Subscription>;
    const sub = await method.apply(transport, [...frame.args, emit]);
    if (closed) sub.unsubscribe();
    else subs.set(frame.subId, sub);
  };

  const onMessage = (raw: unknown): void => {
    if (!isFrame(raw)) return;
    const frame = raw as ChildFrame;
    switch (frame.kind) {
      case 'call':
        call(frame).then((v) => reply(frame.id, v ?? null), (e: unknown) => reply(frame.id, undefined, e));
        break;
      case 'abort':
        pending.get(frame.id)?.abort();
        break;
      case 'lease':
        leaseOp(frame).then(() => reply(frame.id, null), (e: unknown) => reply(frame.id, undefined, e));
        break;
      case 'subscribe':
        subscribe(frame).then(() => reply(frame.subId, null), (e: unknown) => reply(frame.subId, undefined, e));
        break;
      case 'unsubscribe':
        subs.get(frame.subId)?.unsubscribe();
        subs.delete(frame.subId);
        break;
    }
  };
  endpoint.on('message', onMessage);

  return {
    async close() {
      if (closed) return;
      closed = true;
      endpoint.off('message', onMessage);
      for (const c of pending.values()) c.abort();
      for (const s of subs.values()) s.unsubscribe();
      subs.clear();
      const held = [...leases.values()];
      leases.clear();
      await Promise.all(held.map((l) => l.nak(0)));
    },
  };
}
