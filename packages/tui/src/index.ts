/**
 * @seqsweep/tui: the live terminal UI of a sweep, built with Ink. It reads sweep events through core's Transport
 * only (see {@link SweepFeed}); it never trains, publishes or acks, so attaching and detaching leave a sweep alone.
 */
export { watchSweep } from './watch.js';
export type { WatchOptions, WatchHandle } from './watch.js';
export { renderSweepApp } from './render-app.js';
export type { SweepAppOptions, SweepAppHandle, TerminalOptions, ExitReason } from './render-app.js';
export { subscribeSweep, findNewestRunningSweep } from './attach.js';
export type { SweepFeed, FeedSubscription, FeedEvent, TimedEvent } from './feed.js';
export { SweepNotFoundError, TuiErrorCode } from './errors.js';

export { SweepStore } from './store.js';
export type { SweepStoreOptions } from './store.js';
export { foldEvents } from './fold.js';
export { initialState, LOSS_TAIL, LOG_LIMIT } from './state.js';
export type { SweepViewState, RunningTrial, WorkerView, LogEntry, LogKind } from './state.js';
export { readSpec, plannedTrials } from './spec-view.js';
export type { SpecView, ObjectiveMode } from './spec-view.js';
export { pointRows, sortRows, varyingKeys, SORT_MODES } from './points.js';
export type { PointRow, PointStatus, SortMode } from './points.js';
export { stageCounts, elapsedMs, etaMs } from './progress.js';
export type { StageCounts } from './progress.js';
export { PlainReporter, leaderboardLines, bestLine, importanceLine } from './plain-lines.js';
export { sparkline, BLOCKS } from './sparkline.js';

export { SweepApp } from './SweepApp.js';
export type { SweepAppProps } from './SweepApp.js';
export { Leaderboard } from './Leaderboard.js';
export { RunningTrials } from './RunningTrials.js';
export { Workers } from './Workers.js';
export { EventLog } from './EventLog.js';
export { DetailView } from './DetailView.js';
export { Header } from './Header.js';
export { ImportancePanel } from './ImportancePanel.js';
export type { ImportancePanelProps } from './ImportancePanel.js';
export { bestSoFar, liveImportance, LIVE_TREES, LIVE_RESAMPLES } from './insight.js';
