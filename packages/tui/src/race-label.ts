/** How the TUI words a point that fold racing stopped. */
import { formatP, type RacedOut } from '@seqsweep/core';

/** `out after 2 folds, p = 0.03`: the status of a raced-out point on the leaderboard. */
export function racedOutLabel(entry: RacedOut): string {
  return `out after ${entry.afterFolds} fold${entry.afterFolds === 1 ? '' : 's'}, ${formatP(entry.p)}`;
}
