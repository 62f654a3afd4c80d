import { Box, Text } from 'ink';
import type { Params } from '@seqsweep/core';
import { statusText, type PointRow } from './points.js';
import { rungText } from './rung-label.js';
import type { Curve } from './curves.js';
import { fit, formatNumber, paramsLabel, shortId } from './format.js';
import { LossChart } from './LossChart.js';
import { Sparkline } from './Sparkline.js';
import { resample } from './sparkline.js';

/** Props of {@link DetailView}. */
export interface DetailViewProps {
  readonly pointId: string;
  /** The point's leaderboard row; undefined while its only trials are in flight. */
  readonly point: PointRow | undefined;
  /** The point's curves, one per fold result and running trial (see `pointCurves`). */
  readonly curves: readonly Curve[];
  /** Index into `curves` of the one drawn large. */
  readonly selected: number;
  readonly metric: string;
  /** Test metrics of the final stage, when this point was retrained on the whole training split. */
  readonly test: Readonly<Record<string, number | null>> | null;
  readonly width: number;
  readonly height: number;
}

const lastFinite = (values: readonly (number | null)[]): number | null => {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && Number.isFinite(values[i])) return values[i]!;
  return null;
};

/** A small sparkline of the whole curve and its last value, `width` characters in all. */
function CurveCell({ values, width, color }: { values: readonly (number | null)[]; width: number; color: string }) {
  const spark = Math.max(4, width - 9);
  return (
    <Text>
      <Sparkline values={resample(values, spark)} width={spark} color={color} /> {fit(formatNumber(lastFinite(values)), 8)}
    </Text>
  );
}

function Title({ pointId, point, metric, test }: Pick<DetailViewProps, 'pointId' | 'point' | 'metric' | 'test'>) {
  const params: Params = point?.params ?? {};
  return (
    <>
      <Text wrap="truncate">
        <Text bold>Point {shortId(pointId)}</Text> {paramsLabel(params, Object.keys(params)) || '(parameters arrive with its first result)'}
      </Text>
      <Text wrap="truncate" dimColor={!point}>
        {point
          ? `${point.stage} · ${statusText(point)}${point.rung ? ` · ${rungText(point.rung)}` : ''}${point.survivor ? ' · survivor' : ''} · ${metric} ${formatNumber(point.mean)} ± ${formatNumber(point.std, 2)} over ${point.folds}/${point.k} folds · best epoch ${point.bestEpoch ?? '-'}`
          : 'no result yet'}
        {test ? ` · test ${Object.entries(test).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ')}` : ''}
      </Text>
    </>
  );
}

/**
 * One point in depth: a table of its folds (status, epochs, and small curves of train loss, validation loss and
 * accuracy where the task has it), then a large chart of the selected fold's train and validation loss.
 */
export function DetailView({ pointId, point, curves, selected, metric, test, width, height }: DetailViewProps) {
  const withAccuracy = curves.some((c) => c.accuracy.some((v) => v !== null));
  const tableRows = Math.min(curves.length, Math.max(1, Math.floor(height / 3)));
  const from = Math.max(0, Math.min(selected - tableRows + 1, curves.length - tableRows));
  const columns = withAccuracy ? 3 : 2;
  // cursor 2, trial 14, stage 8, status 9, epochs 6, and the spaces between them and the curve cells
  const cell = Math.max(12, Math.floor((width - 2 - 14 - 8 - 9 - 6 - 4 - columns) / columns));
  const current = curves[selected];
  const accuracyRows = withAccuracy ? 5 : 0;
  const chartRows = Math.max(3, height - 2 - 1 - tableRows - 2 - 1 - accuracyRows);
  return (
    <Box flexDirection="column" width={width}>
      <Title pointId={pointId} point={point} metric={metric} test={test} />
      <Text wrap="truncate" dimColor>
        {'  '}{fit('trial', 14)} {fit('stage', 8)} {fit('status', 9)} {fit('epochs', 6)} {fit('loss', cell)} {fit('val loss', cell)}
        {withAccuracy ? ` ${fit('accuracy', cell)}` : ''}
      </Text>
      {curves.length === 0 ? <Text dimColor>  no trials yet</Text> : null}
      {curves.slice(from, from + tableRows).map((c, i) => (
        <Text key={c.key} wrap="truncate" bold={from + i === selected}>
          {from + i === selected ? '› ' : '  '}{fit(c.label, 14)} {fit(c.stage, 8)} {fit(c.status, 9)} {fit(c.epochs, 6)}{' '}
          <CurveCell values={c.loss} width={cell} color="cyan" /> <CurveCell values={c.valLoss} width={cell} color="magenta" />
          {withAccuracy ? <Text> <CurveCell values={c.accuracy} width={cell} color="green" /></Text> : null}
        </Text>
      ))}
      {current ? (
        <>
          <Text wrap="truncate">
            <Text bold>{current.label}</Text>
            <Text dimColor> ({current.stage}, {current.status}{current.bestEpoch !== null ? `, best epoch ${current.bestEpoch}` : ''}) · ←/→ fold · ↑/↓ point · esc back</Text>
          </Text>
          <LossChart width={width} height={chartRows} series={[
            { label: 'train loss', symbol: '•', color: 'cyan', values: current.loss },
            { label: 'val loss', symbol: '+', color: 'magenta', values: current.valLoss },
          ]} />
          {withAccuracy ? (
            <LossChart width={width} height={accuracyRows - 1} series={[{ label: 'accuracy', symbol: 'x', color: 'green', values: current.accuracy }]} />
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
