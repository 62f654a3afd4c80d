import { Text } from 'ink';
import type { UiState } from './navigation.js';

/** Props of {@link KeyHints}. */
export interface KeyHintsProps {
  readonly view: UiState['view'];
  /** The sweep's status, once its record arrived. */
  readonly status: 'running' | 'completed' | 'failed' | null;
}

/** The bottom line: the keys that do something in this view, and a note once the sweep has finished. */
export function KeyHints({ view, status }: KeyHintsProps) {
  const keys = view === 'main' ? '↑↓ select · tab panel · enter detail · s sort · i importance · ? help · q detach'
    : view === 'detail' ? '←→ fold · ↑↓ point · esc back · i importance · ? help · q detach'
      : view === 'insight' ? 'i or esc back · ? help · q detach'
        : '? or esc back · q detach';
  return (
    <Text wrap="truncate">
      <Text dimColor>{keys}</Text>
      {status && status !== 'running' ? <Text color={status === 'completed' ? 'green' : 'red'}>  sweep {status}: q to exit</Text> : null}
    </Text>
  );
}
