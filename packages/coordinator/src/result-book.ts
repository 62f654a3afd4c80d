import type { Stage, TrialResult } from '@seqsweep/core';

/**
 * Every result of a sweep seen so far, one per trial id, in arrival order. The coordinator rebuilds it from the
 * results stream on start and on resume; a duplicate delivery of a result is ignored.
 */
export class ResultBook {
  readonly #byId = new Map<string, TrialResult>();
  readonly #waiters = new Set<() => void>();

  /** Adds a result; returns false for one already recorded. */
  add(result: TrialResult): boolean {
    if (this.#byId.has(result.trialId)) return false;
    this.#byId.set(result.trialId, result);
    for (const wake of this.#waiters) wake();
    return true;
  }

  has(trialId: string): boolean {
    return this.#byId.has(trialId);
  }

  get(trialId: string): TrialResult | undefined {
    return this.#byId.get(trialId);
  }

  all(): TrialResult[] {
    return [...this.#byId.values()];
  }

  ofStage(stage: Stage): TrialResult[] {
    return this.all().filter((r) => r.stage === stage);
  }

  /** Resolves once every id in `trialIds` has a result; rejects when `signal` aborts (or already has). */
  waitFor(trialIds: readonly string[], signal?: AbortSignal): Promise<void> {
    const missing = new Set(trialIds.filter((id) => !this.#byId.has(id)));
    if (missing.size === 0) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('the sweep was stopped'));
    return new Promise((resolve, reject) => {
      const check = (): void => {
        for (const id of missing) if (this.#byId.has(id)) missing.delete(id);
        if (missing.size > 0) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      signal?.addEventListener('abort', () => {
        this.#waiters.delete(check);
        reject(signal.reason instanceof Error ? signal.reason : new Error('the sweep was stopped'));
      }, { once: true });
    });
  }
}
