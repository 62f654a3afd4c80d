/**
 * Results the coordinator refused: forged, misrouted, or sent before their trial was published. Each is counted
 * (the count goes to results.json and the closing log line), and reported once per trial, however often it is sent.
 */
export class RefusedResults {
  #count = 0;
  readonly #reported = new Set<string>();
  /** Trials whose stored result was refused: that message holds the trial's result subject until cleared. */
  readonly #holding = new Set<string>();

  /** Counts a refused result; true the first time for its trial, when it should be reported. */
  add(trialId: string): boolean {
    this.#count++;
    this.#holding.add(trialId);
    if (this.#reported.has(trialId)) return false;
    this.#reported.add(trialId);
    return true;
  }

  /** How many results were refused since this coordinator started. */
  get count(): number {
    return this.#count;
  }

  /** Whether a refused result may hold `trialId`'s subject. */
  holds(trialId: string): boolean {
    return this.#holding.has(trialId);
  }

  /** Forgets that a refused result holds `trialId`'s subject (it was cleared); true when one did. */
  release(trialId: string): boolean {
    return this.#holding.delete(trialId);
  }
}
