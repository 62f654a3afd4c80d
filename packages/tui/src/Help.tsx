import { Box, Text } from 'ink';

/** The keys, one per line. */
export const KEYS: readonly (readonly [string, string])[] = [
  ['↑ ↓', 'select a point (or a running trial, after tab)'],
  ['tab', 'move between the leaderboard and the running trials'],
  ['enter', 'open the selected point: its folds and a large chart of train and validation loss'],
  ['← →', 'in the detail view: the previous or next fold'],
  ['esc', 'back to the main view'],
  ['s', 'cycle the leaderboard sort: objective, std, folds done, parameters'],
  ['i', 'parameter importance (bars, redrawn as results arrive) and stage one\'s best score so far; the header shows it too'],
  ['?', 'show or hide this help'],
  ['q', 'detach: leave the sweep running and exit'],
];

/** Props of {@link Help}. */
export interface HelpProps {
  readonly width: number;
}

/** The help screen. */
export function Help({ width }: HelpProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Keys</Text>
      {KEYS.map(([key, what]) => (
        <Text key={key} wrap="truncate"><Text color="cyan">{`  ${key}`.padEnd(9)}</Text>{what}</Text>
      ))}
      <Text wrap="truncate" dimColor>  Watching never changes the sweep: detach and attach again with `seqsweep watch [sweepId]`.</Text>
    </Box>
  );
}
