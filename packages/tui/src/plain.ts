/**
 * @seqsweep/tui/plain: the plain progress lines of a sweep (no TUI), without Ink or React. `seqsweep run --no-tui`
 * loads only this, so its local workers start sooner.
 */
export { PlainReporter, leaderboardLines, bestLine, importanceLine } from './plain-lines.js';
