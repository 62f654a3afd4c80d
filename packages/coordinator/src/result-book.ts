import type { Stage, TrialResult } from '@seqsweep/core';

/**
 * Every result of a sweep seen so far, one per trial id, in arrival order. The coordinator rebuilds it from the
 * results stream on start and on resume; a duplicate delivery of a result is ignored.
 */
export class ResultBook {
  readonly #byId = new Map<string, TrialResult>();
  readonly #position = new Map<string, number>();
  readonly #waiters = new Set<(trialId: string) => void>();
  readonly #perStage = new Map<Stage, number>();

  /** Adds a result; returns false for one already recorded. */
  add(result: TrialResult): boolean {
    if (this.#byId.has(result.trialId)) return false;
    this.#byId.set(result.trialId, result);
    this.#position.set(result.trialId, this.#position.size);
    this.#perStage.set(result.stage, (this.#perStage.get(result.stage) ?? 0) + 1);
    for (const wake of this.#waiters) wake(result.trialId);
    return true;
  }

  /** How many results a stage has (without copying them). */
  countOf(stage: Stage): number {
    return this.#perStage.get(stage) ?? 0;
  }

  has(trialId: string): boolean {
    return this.#byId.has(trialId);
  }

  /** Where a trial's result came in the order of arrival (from 0), if it has one. */
  position(trialId: string): number | undefined {
    return this.#position.get(trialId);
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
      // Each new result only needs looking up once, not a scan of everything still missing.
      const check = (trialId: string): void => {
        missing.delete(trialId);
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
