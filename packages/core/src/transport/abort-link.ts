/**
 * One AbortSignal that aborts when any of several does. `AbortSignal.any()` is not used: it holds its sources
 * weakly, so an inline `AbortSignal.timeout()` can be garbage-collected and never fire. Here the sources stay
 * referenced until `release()`.
 */

/** A combined signal and the function that detaches it from its sources. */
export interface AbortLink {
  readonly signal: AbortSignal;
  /** Detaches from the sources; call it when the operation ends. */
  release(): void;
}

/** Links `signals` (undefined ones are ignored) into one. */
export function linkAbort(...signals: (AbortSignal | undefined)[]): AbortLink {
  const controller = new AbortController();
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (): void => controller.abort();
  for (const source of sources) {
    if (source.aborted) controller.abort();
    else source.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    release: () => {
      for (const source of sources) source.removeEventListener('abort', onAbort);
    },
  };
}
