import { Box, Text } from 'ink';
import type { LogEntry, LogKind } from './state.js';
import { formatDuration } from './format.js';

/** Props of {@link EventLog}. */
export interface EventLogProps {
  readonly log: readonly LogEntry[];
  /** When the sweep started (ms since the epoch), for relative times; null before the record. */
  readonly start: number | null;
  readonly width: number;
  readonly height: number;
}

const COLORS: Record<LogKind, string | undefined> = {
  stage: 'cyan', survivors: 'cyan', status: 'green', pruned: 'gray', 'raced-out': 'gray', decided: 'cyan', promoted: 'cyan', halted: 'gray', failed: 'red', diverged: 'red', redelivery: 'yellow', server: 'yellow',
};

/** The latest stage changes, survivors, pruned points, failures and redeliveries, newest last. */
export function EventLog({ log, start, width, height }: EventLogProps) {
  const shown = log.slice(Math.max(0, log.length - height));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Events</Text>
      {shown.length === 0 ? <Text dimColor>  none yet</Text> : null}
      {shown.map((e, i) => (
        <Text key={log.length - shown.length + i} wrap="truncate">
          <Text dimColor>{`  ${start === null ? '' : `+${formatDuration(e.at - start)}`}`.padEnd(10)}</Text>
          <Text color={COLORS[e.kind]}>{e.text}</Text>
        </Text>
      ))}
    </Box>
  );
}
