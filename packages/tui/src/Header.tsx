import { memo } from 'react';
import { Box, Text } from 'ink';
import { protocolLineOf } from '@seqsweep/core';
import type { SweepViewState } from './state.js';
import { elapsedMs, etaMs, stageCounts } from './progress.js';
import { formatDuration, formatNumber } from './format.js';
import { StageBar } from './StageBar.js';
import { searchLine } from './search-line.js';
import { Sparkline } from './Sparkline.js';

/** Points the header's best-so-far sparkline shows at most (the latest). */
export const BEST_SPARK_WIDTH = 24;

/** Props of {@link Header}. */
export interface HeaderProps {
  readonly state: SweepViewState;
  readonly width: number;
  /** Stage one's best score so far, one value per scored point (see `bestSoFar`). */
  readonly best?: readonly number[];
}

/**
 * The sweep's name and id, stage, status, elapsed time and ETA, the server it is read from (NATS), the split
 * protocol after stage one's best score so far (a sparkline and its latest value), stage one's search (points drawn
 * and in flight), and a progress bar per stage. Drawn again only when the state, the width or the best so far
 * change (a key press changes none of them, and each line reads every result).
 */
export const Header = memo(function Header({ state, width, best = [] }: HeaderProps) {
  const record = state.record;
  const counts = stageCounts(state);
  const eta = etaMs(state, counts);
  const elapsed = elapsedMs(state);
  const status = record?.status ?? 'waiting';
  const statusColor = status === 'completed' ? 'green' : status === 'failed' ? 'red' : 'yellow';
  const parsed = state.spec?.parsed;
  const protocol = parsed ? protocolLineOf(parsed, state.results.values()) : null;
  const search = searchLine(state);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>{record?.name ?? 'seqsweep'}</Text>
        <Text dimColor> {state.sweepId ?? '(waiting for a sweep)'}</Text>
        <Text>  stage </Text><Text bold>{record?.stage ?? '-'}</Text>
        <Text>  </Text><Text color={statusColor}>{status}</Text>
        <Text>  elapsed {elapsed === null ? '-' : formatDuration(elapsed)}</Text>
        <Text>  ETA {eta === null ? '-' : eta === 0 ? 'done' : `~${formatDuration(eta)}`}</Text>
        {state.server ? <Text dimColor>  on {state.server}</Text> : null}
      </Text>
      <Text wrap="truncate">
        {best.length ? <><Text>best </Text><Sparkline values={best} width={Math.min(BEST_SPARK_WIDTH, best.length)} color="green" /><Text> {formatNumber(best.at(-1)!)}  </Text></> : null}
        <Text dimColor>split {protocol ?? '-'}</Text>
      </Text>
      {search ? <Text wrap="truncate" dimColor>{search}</Text> : null}
      {counts.map((c) => <StageBar key={c.stage} counts={c} current={record?.stage === c.stage} width={width} />)}
    </Box>
  );
});
