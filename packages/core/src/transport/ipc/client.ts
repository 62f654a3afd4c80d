import type { TrialAssignment, TrialResult, TrialProgress, WorkerHeartbeat, SweepRecord } from '../../messages.js';
import type { PullOptions, Transport, TrialLease, Subscription, QueueOptions, DeliveryExhausted, InvalidMessageHandler } from '../transport.js';
import type { ObjectReadLimits, ObjectStoreChoice } from '../object-limits.js';
import { isFrame, type BridgedCall, type BridgedSubscription, type ChildFrame, type ParentFrame, type BridgedLease, type LeaseOp } from './protocol.js';
import { reviveError } from './revive-error.js';

/** The child's end of an IPC channel (`process` in a forked child). */
export interface IpcChannel {
  send(frame: ChildFrame): void;
  on(event: 'message', listener: (frame: unknown) => void): unknown;
  off(event: 'message', listener: (frame: unknown) => void): unknown;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A Transport that forwards every call to the parent process, which serves its own transport with
 * `serveTransport`. Local workers of the embedded default use it, so they run the same worker code as remote ones.
 */
/** How often a pull that refuses sweeps reads the sweeps again. */
const REFUSE_REFRESH_MS = 1000;

export class IpcTransport implements Transport {
  readonly description: string;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  /** Ids of pending `pullTrial` calls: closing resolves them with null, like an aborted pull. */
  #pulls = new Set<number>();
  #handlers = new Map<number, (value: unknown) => void>();
  #invalid: InvalidMessageHandler[] = [];
  #closed = false;
  readonly #channel: IpcChannel;
  readonly #listener = (raw: unknown): void => this.#onFrame(raw);

  constructor(channel: IpcChannel, description = 'ipc') {
    this.#channel = channel;
    this.description = description;
    channel.on('message', this.#listener);
  }

  #onFrame(raw: unknown): void {
    if (!isFrame(raw)) return;
    const frame = raw as ParentFrame;
    if (frame.kind === 'event') {
      this.#handlers.get(frame.subId)?.(frame.value);
      return;
    }
    if (frame.kind === 'invalid') {
      for (const h of this.#invalid) h(frame.subject, new Error(frame.message));
      return;
    }
    const p = this.#pending.get(frame.id);
    if (!p) return;
    this.#pending.delete(frame.id);
    if (!frame.error) {
      p.resolve(frame.value);
      return;
    }
    p.reject(reviveError(frame.error));
  }

  #request<T>(frame: ChildFrame & { id: number }): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the IPC transport is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(frame.id, { resolve: resolve as (v: unknown) => void, reject });
      this.#channel.send(frame);
    });
  }

  #call<T>(method: BridgedCall, ...args: unknown[]): Promise<T> {
    return this.#request<T>({ kind: 'call', id: this.#nextId++, method, args });
  }

  async #subscribe(method: BridgedSubscription, args: unknown[], handler: (value: never) => void): Promise<Subscription> {
    const subId = this.#nextId++;
    this.#handlers.set(subId, handler as (value: unknown) => void);
    await this.#request({ kind: 'subscribe', subId, id: subId, method, args } as ChildFrame & { id: number });
    return {
      unsubscribe: () => {
        this.#handlers.delete(subId);
        if (!this.#closed) this.#channel.send({ kind: 'unsubscribe', subId });
      },
    };
  }

  #syncSubscribe(method: BridgedSubscription, args: unknown[], handler: (value: never) => void): Subscription {
    const ready = this.#subscribe(method, args, handler);
    let sub: Subscription | undefined;
    let cancelled = false;
    ready.then((s) => (cancelled ? s.unsubscribe() : (sub = s)), (e: unknown) => this.#reportInvalid(method, e));
    return {
      unsubscribe: () => {
        cancelled = true;
        sub?.unsubscribe();
      },
    };
  }

  #reportInvalid(subject: string, e: unknown): void {
    for (const h of this.#invalid) h(subject, e instanceof Error ? e : new Error(String(e)));
  }

  #lease(bridged: BridgedLease): TrialLease {
    const op = (kind: LeaseOp, arg?: unknown): Promise<void> =>
      this.#request({ kind: 'lease', id: this.#nextId++, leaseId: bridged.leaseId, op: kind, arg });
    return {
      assignment: bridged.assignment as TrialAssignment,
      deliveryCount: bridged.deliveryCount,
      ack: () => op('ack'),
      nak: (delayMs?: number) => op('nak', delayMs),
      working: () => op('working'),
      term: (reason?: string) => op('term', reason),
    };
  }

  ensureSweep(sweepId: string, options?: QueueOptions): Promise<void> {
    return this.#call('ensureSweep', sweepId, options);
  }
  publishTrial(assignment: TrialAssignment): Promise<{ duplicate: boolean }> {
    return this.#call('publishTrial', assignment);
  }
  async pullTrial(options: PullOptions = {}): Promise<TrialLease | null> {
    if (options.accept) return this.#pullAccepted(options, options.accept);
    return this.#pull(options, undefined);
  }

  /**
   * `accept` is a function, which cannot cross the channel: the parent is sent the ids of the sweeps it refuses,
   * read afresh each second so that a sweep created meanwhile is judged too. A trial of a sweep created within that
   * second and refused is handed back (its one delivery spent).
   */
  async #pullAccepted(options: PullOptions, accept: NonNullable<PullOptions['accept']>): Promise<TrialLease | null> {
    while (!options.signal?.aborted && !this.#closed) {
      const refuse = (await this.listSweeps()).filter((r) => !accept(r)).map((r) => r.sweepId);
      const lease = await this.#pull({ ...options, signal: AbortSignal.any([AbortSignal.timeout(REFUSE_REFRESH_MS), ...(options.signal ? [options.signal] : [])]) }, refuse);
      if (!lease) continue;
      const record = await this.getSweep(lease.assignment.sweepId);
      if (!record || accept(record)) return lease;
      await lease.nak(0);
    }
    return null;
  }

  async #pull(options: PullOptions, refuse: string[] | undefined): Promise<TrialLease | null> {
    if (options.signal?.aborted) return null;
    const id = this.#nextId++;
    const onAbort = (): void => {
      if (!this.#closed) this.#channel.send({ kind: 'abort', id });
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.#pulls.add(id);
    try {
      const bridged = await this.#request<BridgedLease | null>({ kind: 'call', id, method: 'pullTrial', args: [{ sweepId: options.sweepId, ...(refuse ? { refuse } : {}) }] });
      return bridged ? this.#lease(bridged) : null;
    } finally {
      this.#pulls.delete(id);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
  onDeliveryExhausted(sweepId: string, handler: (event: DeliveryExhausted) => void): Subscription {
    return this.#syncSubscribe('onDeliveryExhausted', [sweepId], handler);
  }
  publishResult(result: TrialResult): Promise<{ duplicate: boolean }> {
    return this.#call('publishResult', result);
  }
  subscribeResults(sweepId: string, handler: (result: TrialResult) => void): Promise<Subscription> {
    return this.#subscribe('subscribeResults', [sweepId], handler);
  }
  readResults(sweepId: string): Promise<TrialResult[]> {
    return this.#call('readResults', sweepId);
  }
  queuedTrials(sweepId: string): Promise<number> {
    return this.#call('queuedTrials', sweepId);
  }
  clearTrials(sweepId: string): Promise<void> {
    return this.#call('clearTrials', sweepId);
  }
  clearResult(sweepId: string, trialId: string): Promise<void> {
    return this.#call('clearResult', sweepId, trialId);
  }
  publishProgress(progress: TrialProgress): Promise<void> {
    return this.#call('publishProgress', progress);
  }
  subscribeProgress(sweepId: string, handler: (progress: TrialProgress) => void): Subscription {
    return this.#syncSubscribe('subscribeProgress', [sweepId], handler);
  }
  publishHeartbeat(heartbeat: WorkerHeartbeat): Promise<void> {
    return this.#call('publishHeartbeat', heartbeat);
  }
  subscribeHeartbeats(handler: (heartbeat: WorkerHeartbeat) => void): Subscription {
    return this.#syncSubscribe('subscribeHeartbeats', [], handler);
  }
  getSweep(sweepId: string): Promise<SweepRecord | null> {
    return this.#call('getSweep', sweepId);
  }
  putSweep(record: SweepRecord): Promise<void> {
    return this.#call('putSweep', record);
  }
  listSweeps(): Promise<SweepRecord[]> {
    return this.#call('listSweeps');
  }
  watchSweep(sweepId: string, handler: (record: SweepRecord) => void): Promise<Subscription> {
    return this.#subscribe('watchSweep', [sweepId], handler);
  }
  putObject(name: string, data: Uint8Array, options?: ObjectStoreChoice): Promise<{ digest: string }> {
    return this.#call('putObject', name, Buffer.from(data).toString('base64'), options ?? null);
  }
  async getObject(name: string, digest: string, limits?: ObjectReadLimits & ObjectStoreChoice): Promise<Uint8Array> {
    const b64 = await this.#call<string>('getObject', name, digest, limits ?? null);
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }
  deleteObject(name: string, options?: ObjectStoreChoice): Promise<void> {
    return this.#call('deleteObject', name, options ?? null);
  }
  onInvalid(handler: InvalidMessageHandler): void {
    this.#invalid.push(handler);
  }
  async close(): Promise<void> {
    if (this.#closed) return;
    // A pull still waiting in the parent would otherwise take the next trial for this closed transport.
    for (const id of this.#pulls) this.#channel.send({ kind: 'abort', id });
    this.#closed = true;
    this.#channel.off('message', this.#listener);
    for (const [id, p] of this.#pending) {
      if (this.#pulls.has(id)) p.resolve(null);
      else p.reject(new Error('the IPC transport closed'));
    }
    this.#pending.clear();
    this.#handlers.clear();
  }
}
