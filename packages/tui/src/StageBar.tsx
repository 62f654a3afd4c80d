import { Text } from 'ink';
import type { StageCounts } from './progress.js';
import { fit } from './format.js';

/** Props of {@link StageBar}. */
export interface StageBarProps {
  readonly counts: StageCounts;
  /** The stage the sweep is in (drawn bold). */
  readonly current: boolean;
  readonly width: number;
}

/** Splits `width` cells between consecutive counts by cumulative rounding, so the cells always add up to `width`. */
export function barCells(counts: readonly number[], width: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  let sum = 0, drawn = 0;
  return counts.map((n) => {
    sum += n;
    const upTo = Math.round((sum / total) * width);
    const cells = upTo - drawn;
    drawn = upTo;
    return cells;
  });
}

/** One stage's progress: a bar of done, failed, skipped (pruned, raced out or left by a decided race), running and queued trials, then the counts in words. */
export function StageBar({ counts: c, current, width }: StageBarProps) {
  const words = `${c.done + c.failed + c.pruned}/${c.planned} done · ${c.running} running · ${c.queued} queued · ${c.failed} failed` +
    (c.pruned ? ` · ${c.pruned} skipped` : '');
  const bar = Math.max(10, Math.min(50, width - 10 - words.length));
  const [done, failed, pruned, running, queued] = barCells([c.done, c.failed, c.pruned, c.running, c.queued], bar);
  const empty = c.planned === 0 ? bar : 0;
  return (
    <Text wrap="truncate">
      <Text bold={current} dimColor={!current && c.planned === 0}>{fit(c.stage, 9)}</Text>
      <Text color="green">{'█'.repeat(done!)}</Text>
      <Text color="red">{'█'.repeat(failed!)}</Text>
      <Text dimColor>{'█'.repeat(pruned!)}</Text>
      <Text color="yellow">{'▒'.repeat(running!)}</Text>
      <Text dimColor>{'░'.repeat(queued! + empty)}</Text>
      <Text> {words}</Text>
    </Text>
  );
}
