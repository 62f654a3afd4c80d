import { Text } from 'ink';
import { sparkline } from './sparkline.js';

/** Props of {@link Sparkline}. */
export interface SparklineProps {
  readonly values: readonly (number | null | undefined)[];
  /** Characters to draw: the last `width` values, left-padded with spaces when there are fewer. */
  readonly width: number;
  readonly color?: string;
}

/** A series as one line of unicode blocks (`▁▂▃▄▅▆▇█`). */
export function Sparkline({ values, width, color }: SparklineProps) {
  return <Text color={color}>{sparkline(values, width).padStart(width)}</Text>;
}
