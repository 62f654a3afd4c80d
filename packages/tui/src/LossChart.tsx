import { Box, Text } from 'ink';
import { plotChart, type ChartSeries } from './chart.js';

/** Props of {@link LossChart}. */
export interface LossChartProps {
  readonly series: readonly (ChartSeries & { readonly color: string })[];
  /** Width including the y axis labels. */
  readonly width: number;
  readonly height: number;
}

const AXIS = 9;

/** Several series on one character grid, with the y axis's range on the left and a legend below. */
export function LossChart({ series, width, height }: LossChartProps) {
  const grid = plotChart(series, Math.max(4, width - AXIS - 1), Math.max(2, height));
  const last = grid.rows.length - 1;
  return (
    <Box flexDirection="column" width={width}>
      {grid.rows.map((row, y) => {
        const runs: { cell: number; text: string }[] = [];
        // Trailing empty cells are left out: Ink blanks the rest of the line anyway.
        const end = row.findLastIndex((cell) => cell !== -1) + 1;
        for (const cell of row.slice(0, end)) {
          const ch = cell === -1 ? ' ' : cell === -2 ? '#' : series[cell]!.symbol;
          const run = runs.at(-1);
          if (run && run.cell === cell) run.text += ch;
          else runs.push({ cell, text: ch });
        }
        const label = y === 0 ? grid.top : y === last ? grid.bottom : '';
        return (
          <Text key={y} wrap="truncate">
            <Text dimColor>{label.padStart(AXIS - 1)}{y === 0 || y === last ? '┤' : '│'}</Text>
            {runs.map((r, i) => <Text key={i} color={r.cell >= 0 ? series[r.cell]!.color : undefined}>{r.text}</Text>)}
          </Text>
        );
      })}
      <Text wrap="truncate">
        {' '.repeat(AXIS)}
        {series.map((s) => <Text key={s.label} color={s.color}>{s.symbol} {s.label}  </Text>)}
        <Text dimColor>{grid.log ? '(log scale) ' : ''}# overlap</Text>
      </Text>
    </Box>
  );
}
