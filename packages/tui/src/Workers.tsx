import { Box, Text } from 'ink';
import type { WorkerView } from './state.js';
import { fit, formatDuration, shortId } from './format.js';

/** Props of {@link Workers}. */
export interface WorkersProps {
  readonly workers: readonly WorkerView[];
  readonly sweepId: string | null;
  readonly now: number;
  readonly width: number;
  readonly height: number;
}

/** The heartbeat interval assumed for a worker heard from only once, in ms. */
export const DEFAULT_HEARTBEAT_MS = 5000;
/** Missed heartbeats after which a worker is flagged stale. */
export const STALE_HEARTBEATS = 3;

/** Whether a worker has been silent for longer than {@link STALE_HEARTBEATS} of its heartbeat intervals. */
export function isStale(w: WorkerView, now: number): boolean {
  return now - w.seenAt > STALE_HEARTBEATS * (w.intervalMs ?? DEFAULT_HEARTBEAT_MS);
}

/** Each worker: id and host, its current trial, time since its last heartbeat (flagged when stale), and trials done. */
export function Workers({ workers, sweepId, now, width, height }: WorkersProps) {
  const shown = workers.slice(0, height);
  const id = Math.max(10, Math.min(32, width - 2 - 9 - 12 - 14 - 9 - 5));
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>Workers</Text>
        <Text dimColor> {workers.length}{workers.length > shown.length ? ` (${workers.length - shown.length} not shown)` : ''}</Text>
      </Text>
      {shown.length === 0 ? <Text dimColor>  no heartbeats yet</Text> : null}
      {shown.map((w) => {
        const stale = isStale(w, now);
        const trial = w.trialId === undefined ? '-' : w.sweepId !== undefined && w.sweepId !== sweepId ? 'other sweep' : shortId(w.trialId);
        return (
          <Text key={w.workerId} wrap="truncate" dimColor={stale && w.state === 'stopping'}>
            {'  '}{fit(w.host && !w.workerId.includes(w.host) ? `${w.workerId}@${w.host}` : w.workerId, id)}{' '}
            {fit(w.state, 9)}{fit(trial, 12)}{' '}
            <Text color={stale ? 'red' : undefined}>{fit(`${formatDuration(Math.max(0, now - w.seenAt))} ago${stale ? ' STALE' : ''}`, 14)}</Text>
            {' '}{w.done} done
          </Text>
        );
      })}
    </Box>
  );
}
