import { Box } from 'ink';
import type { SweepViewState } from './state.js';
import type { UiState } from './navigation.js';
import type { ViewModel } from './view-model.js';
import { mainLayout } from './layout.js';
import { Leaderboard } from './Leaderboard.js';
import { RunningTrials } from './RunningTrials.js';
import { Workers } from './Workers.js';
import { EventLog } from './EventLog.js';

/** Props of {@link MainView}. */
export interface MainViewProps {
  readonly state: SweepViewState;
  readonly vm: ViewModel;
  readonly ui: UiState;
  readonly columns: number;
  readonly rows: number;
}

/**
 * The leaderboard, the running trials, the workers and the event log: stacked on narrow terminals, the leaderboard
 * beside the live panels from 120 columns (`WIDE_COLUMNS`).
 */
export function MainView({ state, vm, ui, columns, rows }: MainViewProps) {
  const layout = mainLayout(columns, rows, { points: vm.rows.length, running: vm.trials.length, workers: vm.workers.length, events: state.log.length });
  const left = layout.wide ? Math.floor(columns / 2) : columns;
  const right = layout.wide ? columns - left - 1 : columns;
  const leaderboard = (
    <Leaderboard rows={vm.rows} keys={vm.keys} metric={vm.metric} mode={vm.mode} sort={ui.sort} selected={ui.point}
      focused={ui.focus === 'points'} width={left} height={layout.leaderboard} />
  );
  const live = (
    <Box flexDirection="column" width={right}>
      <RunningTrials trials={vm.trials} labelOf={vm.labelOf} selected={ui.trial} focused={ui.focus === 'trials'} width={right} height={layout.running} />
      <Workers workers={vm.workers} sweepId={state.sweepId} now={state.now} width={right} height={layout.workers} />
    </Box>
  );
  const start = state.record ? Date.parse(state.record.createdAt) : null;
  return (
    <Box flexDirection="column" width={columns}>
      {layout.wide ? <Box flexDirection="row" gap={1}>{leaderboard}{live}</Box> : <>{leaderboard}{live}</>}
      <EventLog log={state.log} start={start} width={columns} height={layout.events} />
    </Box>
  );
}
