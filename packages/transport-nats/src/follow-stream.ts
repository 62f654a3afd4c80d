/**
 * Following a stream through an ordered consumer that is replaced when it falls silent. An ordered consumer is an
 * R1 consumer: on a cluster it lives on one server even when its stream has three replicas. When that server
 * dies, the client's own recovery asks the lost consumer for its state until the server comes back, which may be
 * never; so once nothing has come from it for a while (no message, no idle heartbeat, no end of a pull), a new
 * ordered consumer takes over from the next stream sequence, on a server that is up. A message can then come
 * twice (the last one before the switch): callers drop repeats.
 */
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { isTransient, pause } from './fetch-one.js';

/** What to follow and where messages go. */
export interface FollowOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly filter: string;
  /** How long each pull waits on the server; the idle heartbeat is half of it. */
  readonly expiresMs: number;
  /**
   * The stream sequence to start from.
   * @default the first message matching the filter
   */
  readonly from?: number;
  readonly onMessage: (msg: JsMsg) => void;
  /** A consumer that could not be replaced, for a reason a retry does not cure. */
  readonly onError: (error: Error) => void;
}

/** A stream being followed. */
export interface Follower {
  /** Messages stored when following began, all of which come first. */
  readonly stored: number;
  /** Settles when following has ended for good: stopped, the connection closed, or a consumer failed for good. */
  readonly ended: Promise<void>;
  stop(): void;
}

/** The longest pause between attempts to open a replacement. */
const MAX_PAUSE_MS = 2000;

/** Pull expiries without a word from the server after which a consumer is replaced. */
const SILENT_PULLS = 3;

/** Notifications that come from the server: a consumer that sends them is alive. */
const FROM_SERVER = new Set(['heartbeat', 'discard', 'debug', 'flow_control']);

/** Starts following `o.stream` from its first message matching `o.filter` (or from `o.from`). */
export async function followStream(o: FollowOptions): Promise<Follower> {
  const stopping = new AbortController();
  let nextSeq = o.from ?? 0;
  let current: ConsumerMessages | undefined;
  let generation = 0;
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  stopping.signal.addEventListener('abort', () => end(), { once: true });
  void o.nc.closed().then(() => end());
  const open = (): ReturnType<JetStreamClient['consumers']['get']> =>
    o.js.consumers.get(o.stream, { filter_subjects: o.filter, ...(nextSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: nextSeq } : {}) });
  const consume = async (consumer: Awaited<ReturnType<typeof open>>): Promise<ConsumerMessages> => {
    const mine = ++generation;
    let heard = Date.now();
    const messages = await consumer.consume({
      expires: o.expiresMs,
      callback: (msg: JsMsg) => {
        if (stopping.signal.aborted || mine !== generation) return;
        heard = Date.now();
        nextSeq = msg.seq + 1;
        o.onMessage(msg);
      },
    });
    current = messages;
    const giveUp = (): void => {
      clearInterval(silence);
      if (stopping.signal.aborted || mine !== generation) return;
      // Taking a new generation first keeps anything the old consumer still delivers from being passed on.
      generation++;
      messages.stop();
      void replace();
    };
    // After a reconnect the client asks the lost consumer for its state until that answers, with its heartbeat
    // watch paused meanwhile: only a clock of our own notices that nothing comes.
    const silence = setInterval(() => {
      if (o.nc.isClosed() || stopping.signal.aborted || mine !== generation) clearInterval(silence);
      else if (Date.now() - heard > SILENT_PULLS * o.expiresMs) giveUp();
    }, o.expiresMs);
    silence.unref();
    void (async () => {
      for await (const status of messages.status()) {
        if (stopping.signal.aborted || mine !== generation) return;
        if (FROM_SERVER.has(status.type)) heard = Date.now();
        if (status.type === 'heartbeats_missed') return giveUp();
      }
    })();
    return messages;
  };
  const replace = async (): Promise<void> => {
    for (let attempt = 0; !stopping.signal.aborted && !o.nc.isClosed(); attempt++) {
      try {
        await consume(await open());
        return;
      } catch (error) {
        if (!isTransient(error)) {
          o.onError(error instanceof Error ? error : new Error(String(error)));
          end();
          return;
        }
        await pause(Math.min(MAX_PAUSE_MS, 100 * 2 ** attempt), stopping.signal);
      }
    }
  };
  const first = await open();
  const stored = (await first.info(true)).num_pending;
  await consume(first);
  return {
    stored,
    ended,
    stop: () => {
      stopping.abort();
      current?.stop();
    },
  };
}
