import type { TrialLease } from '@seqsweep/core';

/**
 * Why a trial's training was interrupted when its lease ran out: the abort reason of {@link LeaseKeeper.signal}.
 * It is never thrown to a caller; the worker tells it from a stop request by the signal that fired.
 */
export class LeaseLost extends Error {
  override name = 'LeaseLost';
  /** Milliseconds since the last lease extension the server confirmed. */
  readonly silentMs: number;
  /** The sweep's ack wait. */
  readonly ackWaitMs: number;

  constructor(trialId: string, silentMs: number, ackWaitMs: number) {
    super(`no lease extension of ${trialId} was confirmed for ${Math.ceil(silentMs)} ms, longer than the ack wait (${ackWaitMs} ms)`);
    this.silentMs = silentMs;
    this.ackWaitMs = ackWaitMs;
  }
}

/** Options of a {@link LeaseKeeper}. */
export interface LeaseKeeperOptions {
  /** How long the server keeps a lease without `working()`: the sweep's `queue.ackWaitMs`. */
  readonly ackWaitMs: number;
  /** Receives one line per lease extension that failed. */
  readonly log: (line: string) => void;
  /** @default performance.now */
  readonly now?: () => number;
}

/**
 * Keeps one trial's lease alive while it trains: `working()` every third of the ack wait, one at a time. It
 * remembers when the server last confirmed an extension (the lease was taken then at the latest). Once more than
 * the ack wait has passed since, the server has given the trial to another worker: the keeper aborts `signal`
 * with a {@link LeaseLost}, so the worker stops training a trial that is no longer its own.
 */
export class LeaseKeeper {
  readonly #lease: TrialLease;
  readonly #ackWaitMs: number;
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  #confirmedAt: number;
  #inFlight = false;
  #stopped = false;

  constructor(lease: TrialLease, options: LeaseKeeperOptions) {
    this.#lease = lease;
    this.#ackWaitMs = options.ackWaitMs;
    this.#log = options.log;
    this.#now = options.now ?? (() => performance.now());
    this.#confirmedAt = this.#now();
    this.#timer = setInterval(() => this.#tick(), Math.max(100, Math.floor(options.ackWaitMs / 3)));
  }

  /** Aborted with a {@link LeaseLost} once the lease has surely run out. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * True once more than the ack wait has passed since the last confirmed extension, whether or not the keeper
   * has noticed yet (it looks every third of the ack wait, and not at all once stopped).
   */
  get expired(): boolean {
    return this.#controller.signal.aborted || this.#now() - this.#confirmedAt > this.#ackWaitMs;
  }

  /** Stops extending the lease (the trial is done, or given up). */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  #tick(): void {
    const silentMs = this.#now() - this.#confirmedAt;
    if (silentMs > this.#ackWaitMs) {
      this.stop();
      this.#controller.abort(new LeaseLost(this.#lease.assignment.trialId, silentMs, this.#ackWaitMs));
      return;
    }
    // An extension still unanswered (a connection that is down) is not sent again: one reaching the server later
    // extends the lease as much as two would.
    if (this.#inFlight) return;
    this.#inFlight = true;
    this.#lease.working().then(
      () => {
        // A confirmation that comes after the lease had surely run out may have reached a server that already
        // gave the trial to someone else: it renews nothing.
        const at = this.#now();
        if (at - this.#confirmedAt <= this.#ackWaitMs) this.#confirmedAt = at;
      },
      (e: unknown) => {
        // Once the keeper stopped, the trial is settled or given up: its last extension failing says nothing new.
        if (!this.#stopped) this.#log(`could not extend the lease of ${this.#lease.assignment.trialId}: ${e instanceof Error ? e.message : String(e)}`);
      },
    ).finally(() => {
      this.#inFlight = false;
    });
  }
}
