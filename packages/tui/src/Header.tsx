import { Box, Text } from 'ink';
import { protocolLineOf } from '@seqsweep/core';
import type { SweepViewState } from './state.js';
import { elapsedMs, etaMs, stageCounts } from './progress.js';
import { formatDuration } from './format.js';
import { StageBar } from './StageBar.js';
import { searchLine } from './search-line.js';

/** Props of {@link Header}. */
export interface HeaderProps {
  readonly state: SweepViewState;
  readonly width: number;
}

/**
 * The sweep's name and id, stage, status, elapsed time and ETA, the server it is read from (NATS), the split
 * protocol, stage one's search (points drawn and in flight), and a progress bar per stage.
 */
export function Header({ state, width }: HeaderProps) {
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
      <Text wrap="truncate" dimColor>split {protocol ?? '-'}</Text>
      {search ? <Text wrap="truncate" dimColor>{search}</Text> : null}
      {counts.map((c) => <StageBar key={c.stage} counts={c} current={record?.stage === c.stage} width={width} />)}
    </Box>
  );
}
