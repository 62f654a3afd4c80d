/** Every stage pruner, in the order they see a result. Adding a pruner is one file and one line here. */
import { divergence } from './divergence.js';
import { halving } from './halving.js';
import { medianStopping } from './median.js';
import { racing } from './racing.js';
import type { PrunerContext, PrunerEntry, StagePruner } from './stage-pruner.js';

export const PRUNERS: readonly PrunerEntry[] = [divergence, racing, halving, medianStopping];

/** The pruners `context`'s stage uses; at most one of them schedules its trials. */
export function stagePruners(context: PrunerContext, entries: readonly PrunerEntry[] = PRUNERS): StagePruner[] {
  const pruners = entries.flatMap((e) => e.create(context) ?? []);
  const scheduling = pruners.filter((p) => p.schedule).map((p) => p.name);
  if (scheduling.length > 1) throw new Error(`more than one pruner schedules the ${context.stage} stage: ${scheduling.join(', ')}`);
  return pruners;
}
