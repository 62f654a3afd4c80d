/** How the TUI words a point that fold racing stopped. */
import { raceVerdict, type RaceDecided, type RacedOut } from '@seqsweep/core';
import { shortId } from './format.js';

/** `out after 2 folds, p = 0.03`: the status of a raced-out point on the leaderboard. */
export function racedOutLabel(entry: RacedOut): string {
  return `out ${raceVerdict(entry)}`;
}

/** `filter race decided: 4 points left for 4 places; their remaining folds are skipped`: the event log's line. */
export function raceDecidedLabel(stage: 'filter' | 'evaluate', decided: RaceDecided): string {
  const n = decided.live.length;
  const left = stage === 'evaluate' ? `one point left, ${shortId(decided.live[0]!)}` : `${n} point${n === 1 ? '' : 's'} left for ${n} place${n === 1 ? '' : 's'}`;
  return `${stage} race decided: ${left}; ${stage === 'evaluate' || n === 1 ? 'its' : 'their'} remaining folds are skipped`;
}
