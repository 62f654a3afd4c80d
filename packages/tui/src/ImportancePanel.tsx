import { Box, Text } from 'ink';
import { MIN_IMPORTANCE_POINTS, rankedParams, type Importance } from '@seqsweep/insight';
import { Sparkline } from './Sparkline.js';
import { formatNumber } from './format.js';

/** Props of {@link ImportancePanel}. */
export interface ImportancePanelProps {
  readonly importance: Importance | null;
  /** Stage-one points with a score so far. */
  readonly scored: number;
  /** Stage-one points the importance shown was fit on, where fewer than `scored`. @default scored */
  readonly fittedOn?: number | null;
  /** A fit on `scored` points is under way. @default false */
  readonly fitting?: boolean;
  /** Stage one's best score so far, per scored point. */
  readonly best: readonly number[];
  readonly metric: string;
  readonly width: number;
}

const pct = (v: number): string => `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;

/**
 * Parameter importance as bars (each parameter's share of the score's variance, with its std over fold resamples),
 * and stage one's best score so far as a sparkline; redrawn as results arrive.
 */
export function ImportancePanel({ importance, scored, fittedOn, fitting = false, best, metric, width }: ImportancePanelProps) {
  const ranked = importance ? rankedParams(importance) : [];
  const name = Math.min(24, Math.max(6, ...ranked.map(([k]) => k.length)));
  const bar = Math.max(10, width - name - 20);
  const shown = importance ? fittedOn ?? scored : scored;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Parameter importance <Text dimColor>fANOVA over a random forest, {importance === null && fitting ? 'fitting on ' : ''}{shown} stage-one point{shown === 1 ? '' : 's'}{importance && fitting ? ` · fitting again on ${scored}` : ''}</Text></Text>
      {importance === null && fitting ? (
        <Text wrap="truncate" dimColor>  the bars follow when the fit ends (keys work meanwhile)</Text>
      ) : importance === null ? (
        <Text wrap="truncate" dimColor>  needs {MIN_IMPORTANCE_POINTS} stage-one points with a {metric} over a swept parameter; {scored} so far</Text>
      ) : ranked.map(([key, p]) => (
        <Text key={key} wrap="truncate">
          <Text>{`  ${key.slice(0, name).padEnd(name)} `}</Text>
          <Text color="cyan">{'█'.repeat(Math.round(p.share * bar)).padEnd(bar, '·')}</Text>
          <Text>{` ${pct(p.share).padStart(4)}`}</Text>
          <Text dimColor>{p.std === null ? '' : ` ± ${pct(p.std)}`}</Text>
        </Text>
      ))}
      {importance ? <Text wrap="truncate" dimColor>  share of the variance of {metric} each parameter explains alone; the rest is interactions and noise</Text> : null}
      <Text> </Text>
      <Text bold>Best {metric} so far <Text dimColor>stage one, in the order points finished</Text></Text>
      <Text wrap="truncate">
        <Text>  </Text>
        <Sparkline values={best} width={Math.max(10, Math.min(best.length, width - 20))} color="green" />
        <Text>{best.length ? `  ${formatNumber(best.at(-1)!)}` : '  -'}</Text>
      </Text>
    </Box>
  );
}
