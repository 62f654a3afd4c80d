import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { isDimmed, statusText, type PointRow, type SortMode } from './points.js';
import type { ObjectiveMode } from './spec-view.js';
import { fitColumns } from './columns.js';
import { fit, formatNumber, formatParam, truncate } from './format.js';
import { rungCell } from './rung-label.js';

/** Props of {@link Leaderboard}. */
export interface LeaderboardProps {
  /** Rows in display order. */
  readonly rows: readonly PointRow[];
  /** The swept options that vary: the only parameter columns shown. */
  readonly keys: readonly string[];
  readonly metric: string;
  readonly mode: ObjectiveMode;
  readonly sort: SortMode;
  readonly selected: string | null;
  readonly focused: boolean;
  readonly width: number;
  /** Rows of points at most (the title and column header come on top). */
  readonly height: number;
}

const objective = (p: PointRow): string => (Number.isNaN(p.mean) ? '-' : `${formatNumber(p.mean)} ± ${formatNumber(p.std, 2)}`);

/** The first row to show so that the selected row (at `i`, -1 for none) stays in view. */
function firstShown(rows: readonly PointRow[], i: number, height: number): number {
  return i < height ? 0 : Math.min(i - height + 1, rows.length - height);
}

/**
 * Ranked points: rank, survivor mark, the parameters that vary, folds done of k, the rung reached (in a stage that
 * trains in rungs), the objective's mean ± std, the mean best epoch, and the status. Pruned, diverged, failed,
 * raced-out and halted points are dimmed.
 */
export function Leaderboard({ rows, keys, metric, mode, sort, selected, focused, width, height }: LeaderboardProps) {
  // Looked up once per list of rows, so that a key press that moves the selection costs the window, not the list.
  const { position, survivors } = useMemo(() => ({ position: new Map(rows.map((r, i) => [r.pointId, i])), survivors: rows.some((p) => p.survivor) }), [rows]);
  const from = firstShown(rows, selected === null ? -1 : position.get(selected) ?? -1, height);
  const shown = rows.slice(from, from + height);
  // The rung column is there only while a shown point trains in rungs.
  const rungs = shown.some((p) => p.rung !== undefined);
  const rung = (p: PointRow): string => (p.rung ? rungCell(p.rung) : '-');
  const widths = fitColumns([
    { header: '#', cells: shown.map((_, i) => String(from + i + 1)), min: 3 },
    ...keys.map((k) => ({ header: k, cells: shown.map((p) => formatParam(p.params[k])), shrink: true })),
    { header: 'folds', cells: shown.map((p) => `${p.folds}/${p.k}`) },
    ...(rungs ? [{ header: 'rung', cells: shown.map(rung) }] : []),
    { header: 'mean ± std', cells: shown.map(objective), min: 10, shrink: true },
    { header: 'best ep', cells: shown.map((p) => (p.bestEpoch === null ? '-' : String(p.bestEpoch))) },
    { header: 'status', cells: shown.map(statusText), min: 6, shrink: true },
  ], width - 4);
  const [rankW, ...rest] = widths;
  const paramW = rest.slice(0, keys.length);
  const [foldsW, ...tail] = rest.slice(keys.length) as number[];
  const rungW = rungs ? tail.shift()! : 0;
  const [objW, bestW, statusW] = tail as [number, number, number];
  const better = mode === 'min' ? 'lower is better' : 'higher is better';
  const more = rows.length > shown.length ? ` · ${from + 1}-${from + shown.length} of ${rows.length}` : '';
  const legend = survivors ? ' · * survivor' : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color={focused ? 'cyan' : undefined}>Leaderboard</Text>
        <Text dimColor> {metric}, {better} · sort {sort} (s){more}{legend}</Text>
      </Text>
      <Text wrap="truncate" dimColor>
        {'   '}{fit('#', rankW!, 'right')}{' '}{keys.map((k, i) => `${fit(k, paramW[i]!)} `).join('')}
        {fit('folds', foldsW!)} {rungs ? `${fit('rung', rungW)} ` : ''}{fit('mean ± std', objW)} {fit('best ep', bestW)} {truncate('status', statusW)}
      </Text>
      {shown.length === 0 ? <Text dimColor>  no results yet</Text> : null}
      {shown.map((p, i) => {
        const isSelected = p.pointId === selected;
        const dim = isDimmed(p);
        return (
          <Text key={p.pointId} wrap="truncate" dimColor={dim} inverse={isSelected && focused} bold={isSelected && !focused}>
            {isSelected ? '›' : ' '}
            <Text color="cyan">{p.survivor ? '*' : ' '}</Text>{' '}
            {fit(String(from + i + 1), rankW!, 'right')}{' '}
            {keys.map((k, j) => `${fit(formatParam(p.params[k]), paramW[j]!)} `).join('')}
            {fit(`${p.folds}/${p.k}`, foldsW!)} {rungs ? `${fit(rung(p), rungW)} ` : ''}{fit(objective(p), objW)} {fit(p.bestEpoch === null ? '-' : String(p.bestEpoch), bestW)}{' '}
            <Text color={p.status === 'best' ? 'green' : p.status === 'running' ? 'yellow' : undefined}>{truncate(statusText(p), statusW)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
