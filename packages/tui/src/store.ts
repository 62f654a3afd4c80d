/**
 * Holds a sweep's view state and folds incoming events into it at most once per frame. Messages can arrive by
 * the hundred per second; listeners (the app) hear of a new state at most every `frameMs`, so rendering never runs
 * faster than the frame rate however busy the sweep is.
 */
import type { FeedEvent, TimedEvent } from './feed.js';
import { foldEvents } from './fold.js';
import { initialState, type SweepViewState } from './state.js';

/** Options of a {@link SweepStore}. */
export interface SweepStoreOptions {
  /**
   * The local clock, in ms since the epoch.
   * @default Date.now
   */
  readonly clock?: () => number;
  /**
   * The least time between two states handed to listeners, in ms.
   * @default 100 (at most 10 frames a second)
   */
  readonly frameMs?: number;
}

/** A sweep's view state behind a frame-rate limit. */
export class SweepStore {
  readonly #clock: () => number;
  readonly #frameMs: number;
  readonly #listeners = new Set<() => void>();
  #state: SweepViewState;
  #queue: TimedEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastFlush = Number.NEGATIVE_INFINITY;

  constructor(sweepId: string | null, options: SweepStoreOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#frameMs = options.frameMs ?? 100;
    this.#state = initialState(sweepId, this.#clock());
  }

  /** The latest folded state (events queued since the last frame are not in it yet). */
  readonly getState = (): SweepViewState => this.#state;

  /** Calls `listener` after each new state; returns the function that stops it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Starts over for another sweep (events of other sweeps are ignored from now on). */
  follow(sweepId: string): void {
    this.#queue = [];
    this.#state = initialState(sweepId, this.#clock());
    this.#notify();
  }

  /** Queues an event; it is folded in with the next frame. */
  push(event: FeedEvent): void {
    this.#queue.push({ ...event, at: this.#clock() });
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastFlush + this.#frameMs - this.#clock());
    this.#timer = setTimeout(() => this.flush(), wait);
  }

  /** Folds every queued event now and tells the listeners. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#state = foldEvents(this.#state, batch);
    this.#lastFlush = this.#clock();
    this.#notify();
  }

  /** Drops queued events and stops the frame timer. */
  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#listeners.clear();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
