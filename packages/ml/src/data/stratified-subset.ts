/** Choosing a class-stratified subset of samples, seeded and deterministic. */
import type { Rng } from '@seqsweep/core';

/**
 * Counts per class: the share of `limit` that is proportional to each class's size, rounded by the largest
 * remainder method so that every count is within 1 of its exact share and they add up to `limit`.
 */
export function stratifiedQuotas(classCounts: readonly number[], limit: number): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const take = Math.min(limit, total);
  if (total === 0) return classCounts.map(() => 0);
  const exact = classCounts.map((c) => (take * c) / total);
  const quotas = exact.map(Math.floor);
  let left = take - quotas.reduce((a, b) => a + b, 0);
  // Largest remainder first; ties go to the lower class so the result does not depend on the seed.
  const order = exact.map((e, k) => k).sort((a, b) => exact[b]! - quotas[b]! - (exact[a]! - quotas[a]!) || a - b);
  for (const k of order) {
    if (left === 0) break;
    quotas[k]!++;
    left--;
  }
  return quotas;
}

/**
 * The indices (ascending) of a subset of `limit` samples with classes in proportion to `labels`, each class's
 * members drawn at random from `rng`. With `limit` at or above the number of samples, every index.
 */
export function stratifiedSubset(labels: ArrayLike<number>, numClasses: number, limit: number, rng: Rng): Int32Array {
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) members[labels[i]!]!.push(i);
  const quotas = stratifiedQuotas(members.map((m) => m.length), limit);
  const chosen: number[] = [];
  members.forEach((m, k) => {
    const quota = quotas[k]!;
    // A partial Fisher-Yates: only the first `quota` places are drawn.
    for (let i = 0; i < quota; i++) {
      const j = i + rng.int(m.length - i);
      const tmp = m[i]!;
      m[i] = m[j]!;
      m[j] = tmp;
      chosen.push(m[i]!);
    }
  });
  return Int32Array.from(chosen).sort();
}
