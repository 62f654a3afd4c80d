/**
 * Plain publish/subscribe inside one process, with NATS subject matching ('*' for one token, '>' for the rest),
 * for progress, heartbeats and sweep-record changes of the in-memory transport.
 */

/** A listener of raw messages on subjects that match its pattern. */
export type BusListener = (subject: string, data: Uint8Array) => void;

/** True when `subject` matches `pattern`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** In-process subjects. Listeners are called synchronously; the transport defers its handlers itself. */
export class MemoryBus {
  readonly #listeners = new Set<{ pattern: string; listener: BusListener }>();

  /** Listens on subjects matching `pattern`; returns the function that stops it. */
  subscribe(pattern: string, listener: BusListener): () => void {
    const entry = { pattern, listener };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  /** Hands `data` to every listener whose pattern matches `subject`. */
  publish(subject: string, data: Uint8Array): void {
    for (const { pattern, listener } of [...this.#listeners]) {
      if (subjectMatches(pattern, subject)) listener(subject, data);
    }
  }
}
