import { Box, Text } from 'ink';
import type { RunningTrial } from './state.js';
import { fit, formatNumber, shortId, truncate } from './format.js';
import { Sparkline } from './Sparkline.js';

/** Props of {@link RunningTrials}. */
export interface RunningTrialsProps {
  /** Trials in display order. */
  readonly trials: readonly RunningTrial[];
  /** A short label for a point (its varying parameters), by point id. */
  readonly labelOf: (pointId: string) => string;
  readonly selected: string | null;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
}

/** Each trial in flight: its point, stage, a sparkline of its loss, epoch/total, the latest loss and its worker. */
export function RunningTrials({ trials, labelOf, selected, focused, width, height }: RunningTrialsProps) {
  const from = Math.max(0, Math.min(trials.findIndex((t) => t.trialId === selected) - height + 1, trials.length - height));
  const shown = trials.slice(from, from + height);
  const spark = Math.max(8, Math.min(40, Math.floor(width / 6)));
  const worker = Math.max(8, Math.min(20, Math.floor(width / 8)));
  // Trial ids are hashes: shown only where there is room to spare (the detail view names every trial).
  const trialId = width >= 90 ? 9 : 0;
  // cursor 2, stage 8, epoch 9, loss 8, and the spaces between columns
  const label = Math.max(6, width - 2 - trialId - 8 - 9 - spark - 8 - worker - 6);
  const more = trials.length > shown.length ? ` · ${from + 1}-${from + shown.length} of ${trials.length}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color={focused ? 'cyan' : undefined}>Running</Text>
        <Text dimColor> {trials.length} trial{trials.length === 1 ? '' : 's'} (tab){more}</Text>
      </Text>
      {shown.length === 0 ? <Text dimColor>  none</Text> : null}
      {shown.map((t) => {
        const isSelected = t.trialId === selected;
        return (
          <Text key={t.trialId} wrap="truncate" inverse={isSelected && focused} bold={isSelected && !focused}>
            {isSelected ? '› ' : '  '}
            {trialId ? `${fit(shortId(t.trialId), 8)} ` : ''}{fit(labelOf(t.pointId), label)} {fit(t.stage, 8)}{' '}
            <Sparkline values={t.losses} width={spark} color="cyan" />{' '}
            {fit(`ep ${t.epoch}/${t.epochs}`, 9)} {fit(formatNumber(t.losses.at(-1)), 8, 'right')} <Text dimColor>{truncate(t.worker, worker)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
