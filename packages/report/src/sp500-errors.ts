/**
 * Words for the paired test of a forecast against persistence ("tomorrow equals today"). The figures themselves
 * come from @seqsweep/core (forecast/), which the worker also uses for results.json, so both say the same.
 */
import { BLOCK_DAYS, SIGNIFICANT_Z, type PairedDifference } from '@seqsweep/core';
import { formatNumber } from './html.js';

export {
  BLOCK_DAYS, SIGNIFICANT_Z, dayBlocks, evenSubset, pairedDifference, sp500Errors, toDollars, verdictOf,
} from '@seqsweep/core';
export type { CompanyErrors, PairedDifference, PairedMse, PersistenceVerdict, Sp500Errors, WindowData } from '@seqsweep/core';

/** How sure `d` is, as a clause: `the paired difference per window ... is m ± 2se (z = …)`, or too few blocks. */
export function differenceClause(d: PairedDifference): string {
  if (!Number.isFinite(d.se)) return `there are too few windows (${d.blocks} block${d.blocks === 1 ? '' : 's'} of ${BLOCK_DAYS} days) to tell a difference from noise`;
  return `the paired difference per window (model squared error less persistence's) is ${formatNumber(d.mean)} ± ${formatNumber(2 * d.se)}, z = ${formatNumber(d.z, 3)}`;
}

/** The one sentence that says how the ± of {@link differenceClause} is taken, and why. */
export function blockingNote(d: PairedDifference): string {
  if (!Number.isFinite(d.se)) return `A standard error needs at least 2 blocks of ${BLOCK_DAYS} consecutive days of the series, and the windows fall in ${d.blocks}, so the verdict cannot be "beats" or "worse".`;
  return `The ± is twice the standard error of the mean paired difference, taken over ${d.blocks} blocks of ${BLOCK_DAYS} consecutive days of the series (counted back from the last date of the data, so that a block holds the same dates of every series) because overlapping windows, and the same day of different companies, are correlated, so a standard error over single windows would be optimistic; the verdict is "beats" or "worse" only when |z| > ${SIGNIFICANT_Z}.`;
}
