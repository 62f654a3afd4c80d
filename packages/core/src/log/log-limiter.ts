/**
 * A rate limit for log lines that others can trigger (invalid messages from any publisher): per key, the first
 * few lines of each interval are written and the rest only counted, then one line gives the count. A hostile
 * publisher therefore costs a few lines per subject per interval, however much it sends, and a total cap over
 * all keys bounds what many subjects at once can cost.
 */

/** How many lines get through, and how the rest are summed up. */
export interface LogLimiterOptions {
  /**
   * Lines allowed per key in each interval; the rest are counted.
   * @default 5
   */
  readonly perKey?: number;
  /**
   * Lines allowed over all keys in each interval; past it every key is only counted.
   * @default 100
   */
  readonly total?: number;
  /** @default 10000 */
  readonly intervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * The line that stands for `count` lines of `key` that were not written in the last `seconds`.
   * @default `${count} more invalid messages on ${key} in the last ${seconds} s`
   */
  readonly summary?: (key: string, count: number, seconds: number) => string;
}

interface Window {
  readonly start: number;
  shown: number;
  counted: number;
}

/** Decides which lines of each key are written, and writes the counts of the rest through `write`. */
export class LogLimiter {
  readonly #write: (line: string) => void;
  readonly #perKey: number;
  readonly #total: number;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #summary: (key: string, count: number, seconds: number) => string;
  readonly #windows = new Map<string, Window>();
  #totalStart = Number.NEGATIVE_INFINITY;
  #totalShown = 0;

  constructor(write: (line: string) => void, options: LogLimiterOptions = {}) {
    this.#write = write;
    this.#perKey = options.perKey ?? 5;
    this.#total = options.total ?? 100;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#summary = options.summary ?? ((key, count, seconds) => `${count} more invalid messages on ${key} in the last ${seconds} s`);
  }

  /** True when the caller should write its line for `key` now; false when it was counted instead. */
  allow(key: string): boolean {
    const now = this.#now();
    this.flush();
    if (now - this.#totalStart >= this.#intervalMs) {
      this.#totalStart = now;
      this.#totalShown = 0;
    }
    let window = this.#windows.get(key);
    if (window === undefined) this.#windows.set(key, (window = { start: now, shown: 0, counted: 0 }));
    if (window.shown < this.#perKey && this.#totalShown < this.#total) {
      window.shown++;
      this.#totalShown++;
      return true;
    }
    window.counted++;
    return false;
  }

  /** Writes the count of every key whose interval has ended, and forgets those keys. Call it now and then. */
  flush(): void {
    const now = this.#now();
    for (const [key, window] of this.#windows) {
      if (now - window.start < this.#intervalMs) continue;
      this.#windows.delete(key);
      if (window.counted > 0) this.#write(this.#summary(key, window.counted, this.#seconds(now - window.start)));
    }
  }

  /** Writes every count still pending, ended or not (before the process exits). */
  close(): void {
    const now = this.#now();
    for (const [key, window] of this.#windows) {
      if (window.counted > 0) this.#write(this.#summary(key, window.counted, this.#seconds(now - window.start)));
    }
    this.#windows.clear();
  }

  #seconds(ms: number): number {
    // A window is reported when it is next looked at, which can be long after it ended: it covers one interval.
    return Math.max(1, Math.round(Math.min(ms, this.#intervalMs) / 1000));
  }
}
